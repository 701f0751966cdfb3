"""Certificate numbers: unguessable, easy to read aloud, with a check character.

Format: ``GH2026-7K3M-9QXP-4ABC-D``

* ``GH`` (工会) and the four-digit year of issue;
* 12 random characters from a 32-symbol alphabet without 0/O/1/I: 60 bits from
  `secrets`, so numbers cannot be guessed or enumerated through the verification page;
* one check character.

The check character makes the whole code a word of a linear code over GF(32): with the
year digits and the random characters as symbols s_0 … s_15 and the check as s_16,
Σ α^i · s_i = 0, α a primitive element. Because the weights α^i are distinct and non-zero
(17 < 31 positions), it detects every single wrong character and every swap of two
different characters — adjacent or not, across a dash, the check character included.
A typo is then reported as "not a valid number" instead of "no such certificate".
"""

import re
import secrets

from django.utils import timezone

PREFIX = "GH"
# 32 symbols, so each is exactly 5 random bits; no 0/O or 1/I to misread.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RANDOM_LENGTH = 12
GROUP = 4

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Digits 2–9 of the year weigh what they weigh after it, so swapping a year digit with a
# later character is caught like any swap. 0 and 1 (absent from the alphabet) borrow the
# values of Y and Z: the two can never trade places without leaving a letter in the year
# or a 0/1 after it, which the pattern rejects anyway.
_YEAR_DIGIT_VALUE = {
    **{digit: _VALUE[digit] for digit in "23456789"}, "0": _VALUE["Y"], "1": _VALUE["Z"],
}
_GROUP_RE = rf"[{ALPHABET}]{{{GROUP}}}"
_PATTERN = re.compile(
    rf"^{PREFIX}(?P<year>[0-9]{{4}})"
    rf"-(?P<body>{_GROUP_RE}(?:-{_GROUP_RE}){{{RANDOM_LENGTH // GROUP - 1}}})"
    rf"-(?P<check>[{ALPHABET}])$"
)

# --- Arithmetic in GF(32) = GF(2)[x] / (x^5 + x^2 + 1); α = x is primitive ---------------
_MODULUS = 0b100101


def _powers_of_alpha() -> tuple[int, ...]:
    """α^0 … α^30: every non-zero element of GF(32) once."""
    powers, element = [], 1
    for _power in range(31):
        powers.append(element)
        element <<= 1
        if element & 0b100000:
            element ^= _MODULUS
    return tuple(powers)


_EXP = _powers_of_alpha()
_LOG = {element: power for power, element in enumerate(_EXP)}


def _times_alpha_power(value: int, power: int) -> int:
    """value · α^power in GF(32)."""
    if value == 0:
        return 0
    return _EXP[(_LOG[value] + power) % 31]


def _check_value(symbols: list[int]) -> int:
    """The s_m with Σ α^i · s_i = 0 over symbols + [s_m] (addition is XOR)."""
    total = 0
    for position, value in enumerate(symbols):
        total ^= _times_alpha_power(value, position)
    return _times_alpha_power(total, -len(symbols))


def _symbols(year: str, body: str) -> list[int]:
    return [_YEAR_DIGIT_VALUE[digit] for digit in year] + [_VALUE[symbol] for symbol in body]


# --- Public interface ------------------------------------------------------------------


def new_certificate_number(year: int | None = None) -> str:
    """A fresh number for a certificate issued in `year` (default: this year in Shanghai).

    Uniqueness is the database's job (a unique constraint on the certificate's number);
    with 2^60 possibilities per year a collision is practically never retried."""
    if year is None:
        year = timezone.localdate().year
    if not 1000 <= year <= 9999:
        raise ValueError(f"the year must have four digits, not {year}")
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    check = ALPHABET[_check_value(_symbols(str(year), body))]
    groups = [body[i:i + GROUP] for i in range(0, RANDOM_LENGTH, GROUP)]
    return "-".join([f"{PREFIX}{year}", *groups, check])


def is_well_formed(number: object) -> bool:
    """True when `number` is a certificate number in canonical form (see `normalize`)
    whose check character matches. Says nothing about whether it was ever issued."""
    if not isinstance(number, str):
        return False
    match = _PATTERN.match(number)
    if match is None:
        return False
    body = match["body"].replace("-", "")
    return ALPHABET[_check_value(_symbols(match["year"], body))] == match["check"]


def normalize(raw: str) -> str:
    """Typed input to canonical form: upper case, spaces and dashes (any width) dropped
    and put back in their places. Does not validate: pass the result to `is_well_formed`."""
    compact = re.sub(r"[\s\-‐‑‒–—―－_]+", "", raw).upper()
    head = len(PREFIX) + 4
    if len(compact) != head + RANDOM_LENGTH + 1:
        return compact
    body = compact[head:head + RANDOM_LENGTH]
    groups = [body[i:i + GROUP] for i in range(0, RANDOM_LENGTH, GROUP)]
    return "-".join([compact[:head], *groups, compact[-1]])
