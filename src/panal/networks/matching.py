"""The suggestion score, transparent on purpose: every point comes with the sentence that explains it.

- the same SII activity code: 3 points each (at most 2 counted); the same CIIU division (first two digits)
  without the same code: 1 point;
- offer–need text: 1 point per word of what they offer that appears in what you need, and the other way round
  (at most 4 each way). Words are compared without accents or case, stop words dropped, by their first 6 letters
  so «envases» meets «envase»."""

import re
import unicodedata
from dataclasses import dataclass, field

_STOP_WORDS = """
para como sobre entre desde hasta pero porque cuando donde este esta estos estas todo toda todos
todas nuestro nuestra nuestros nuestras otros otras muy mas menos tambien servicio servicios
producto productos empresa empresas cliente clientes buscamos ofrecemos tenemos somos hacemos venta
ventas compra compras
"""
STOP = frozenset(_STOP_WORDS.split())
CODE_POINTS, DIVISION_POINTS, WORD_POINTS = 3, 1, 1
MAX_CODES, MAX_WORDS = 2, 4


def _stems(text: str) -> dict[str, str]:
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    stems: dict[str, str] = {}
    for word in re.findall(r"[a-z]{4,}", plain):
        if word not in STOP:
            stems.setdefault(word[:6], word)
    return stems


@dataclass
class Suggestion:
    participant: object
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def score(viewer, other, activity_names: dict[str, str] | None = None) -> Suggestion:
    names = activity_names or {}
    result = Suggestion(other)
    shared = [c for c in viewer.sectors if c in other.sectors][:MAX_CODES]
    for code in shared:
        result.score += CODE_POINTS
        result.reasons.append(f"+{CODE_POINTS}: comparten la actividad SII {code} {names.get(code, '')}".rstrip())
    divisions = {c[:2] for c in viewer.sectors} & {c[:2] for c in other.sectors} - {c[:2] for c in shared}
    if divisions:
        result.score += DIVISION_POINTS
        result.reasons.append(
            f"+{DIVISION_POINTS}: trabajan en la misma división CIIU ({', '.join(sorted(divisions))})"
        )
    for mine, theirs, sentence in (
        (viewer.need, other.offer, "ofrece lo que usted busca"),
        (viewer.offer, other.need, "busca lo que usted ofrece"),
    ):
        want, have = _stems(mine), _stems(theirs)
        common = [have[s] for s in have if s in want][:MAX_WORDS]
        if common:
            result.score += WORD_POINTS * len(common)
            result.reasons.append(f"+{WORD_POINTS * len(common)}: {sentence} ({', '.join(common)})")
    return result
