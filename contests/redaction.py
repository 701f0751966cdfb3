"""Blind-judge redaction: free text a judge of a blind contest reads (the statement of
deeds, file names) loses the worker's own name, phone, ID number and enterprise name.

Each of them becomes `MARK` wherever it occurs, however it is written:

- a phone or an ID number with spaces, hyphens, dots, slashes or brackets between its
  digits ("138 1234 5678", "138-1234-5678", "(138)12345678"), in full-width digits
  ("１３８…"), and an ID number's final X in either case;
- a name or an enterprise name inside a longer sentence ("我叫王小明，在…"), with spaces
  between its characters ("王 小 明"), Latin letters in any case.

A name of a single character is left alone: redacting every occurrence of "王" would
destroy the statement and still not unblind anyone. Over-redaction of a longer name (a
two-character name that is also a common word) is accepted: blindness comes first.

`redact` takes the values; `redact_for_worker` and `Redactor.for_worker` read them from a
worker (`real_name`, `phone`, the profile's ID number, the enterprise's name). Build one
`Redactor` per entry and reuse it for the statement and every file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MARK = "■■"
MIN_NAME_LENGTH = 2
# What people put between the digits of a phone or an ID number (ASCII and full-width).
_DIGIT_SEPARATORS = r"[\s\-‐‑‒–—―.·・/()（）－]*"
_NAME_SEPARATORS = r"\s*"


def _digit(ch: str) -> str:
    if ch.isdigit():
        return f"[{ch}{chr(ord(ch) - ord('0') + ord('０'))}]"
    if ch in "Xx":
        return "[XxＸｘ]"
    return re.escape(ch)


def _number_pattern(number: str, *, country_code: str = "") -> str | None:
    """Digits of `number` in order, anything a person separates digit groups with in
    between; not when glued to more digits (138123456789 is not 13812345678), except
    right after the country code ("+8613812345678")."""
    chars = [ch for ch in number if ch.isalnum()]
    if len(chars) < 5:
        return None
    body = _DIGIT_SEPARATORS.join(_digit(ch) for ch in chars)
    start = r"(?<![0-9０-９])"
    if country_code:
        wide = "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in country_code)
        start = rf"(?:{start}|(?<={country_code})|(?<={wide}))"
    return rf"{start}{body}(?![0-9０-９])"


def _text_pattern(text: str) -> str | None:
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < MIN_NAME_LENGTH:
        return None
    return _NAME_SEPARATORS.join(re.escape(ch) for ch in chars)


@dataclass(frozen=True)
class Redactor:
    """Replaces the given identity in any text by `MARK`; a no-op when there is none."""

    pattern: re.Pattern | None

    @classmethod
    def build(cls, *, names: Iterable[str] = (), phones: Iterable[str] = (),
              id_numbers: Iterable[str] = (), enterprises: Iterable[str] = ()) -> Redactor:
        patterns = [
            *(_number_pattern(value, country_code="86") for value in phones if value),
            *(_number_pattern(value) for value in id_numbers if value),
            *(_text_pattern(value) for value in (*names, *enterprises) if value),
        ]
        # Longest first, so an enterprise that contains the name goes as a whole.
        patterns = sorted({p for p in patterns if p}, key=len, reverse=True)
        if not patterns:
            return cls(None)
        return cls(re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))

    @classmethod
    def for_worker(cls, worker) -> Redactor:
        """The worker's own name, phone, ID number and enterprise name. Reads
        `worker.worker_profile` and `worker.enterprise`: select them with the worker."""
        return cls.build(
            names=[worker.real_name], phones=[worker.phone],
            id_numbers=[_id_number(worker)],
            enterprises=[worker.enterprise.name if worker.enterprise_id else ""],
        )

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(MARK, text)


def _id_number(worker) -> str:
    profile = getattr(worker, "worker_profile", None)
    return profile.decrypted_id_number() if profile is not None else ""


def redact(text: str, *, names: Iterable[str] = (), phones: Iterable[str] = (),
           id_numbers: Iterable[str] = (), enterprises: Iterable[str] = ()) -> str:
    """`text` with each of the given values replaced by `MARK` (see the module doc)."""
    return Redactor.build(names=names, phones=phones, id_numbers=id_numbers,
                          enterprises=enterprises)(text)


def redact_for_worker(text: str, worker) -> str:
    """`text` without the worker's own name, phone, ID number and enterprise name."""
    return Redactor.for_worker(worker)(text)
