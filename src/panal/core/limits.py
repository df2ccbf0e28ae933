"""The documented range of every number Panal accepts (API and forms). A value outside is refused with 422 (API)
or a form error before any arithmetic: `Decimal("1e1000000")` is cheap to compare but not to convert or quantize,
and an id beyond 64 bits overflows the database driver. tests/security/test_numeric_ranges.py checks that every
number in the OpenAPI document and in every form declares a minimum and a maximum."""

from decimal import Decimal

MAX_ID = 9_223_372_036_854_775_807  # a 64-bit primary key (PostgreSQL bigint, SQLite INTEGER)
MAX_CLP = 1_000_000_000_000  # one trillion pesos: far above any grant, far below overflow
MAX_UF = Decimal("100000000")  # 100 million UF of annual sales (the largest firms sell ~10 million)
MAX_COUNT = 1_000_000  # people, members, jobs
MAX_SEATS = 100_000  # an activity's capacity (a stadium)
MAX_SCORE = Decimal("1000")
MAX_DECIMAL_DIGITS = 20  # digits a Decimal may carry in total (so 1e1000000 is refused by its size)
