import re
import unicodedata


def fold_name(name: str) -> str:
    """`  MARCHIGÜE ` → `marchigue`; `O'Higgins` → `o'higgins`: how commune names are matched."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()
