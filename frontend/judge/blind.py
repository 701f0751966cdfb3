"""The one place the judge pages redact free text for a blind contest.

`contests.redaction` (security issue) owns the rule; until it is merged, this stand-in
masks the worker's own name, phone, ID number and enterprise name wherever they occur."""

MARK = "■■"


def _identity(entry) -> list[str]:
    worker = entry.worker
    values = [worker.real_name, worker.phone]
    profile = getattr(worker, "worker_profile", None)
    if profile is not None:
        values.append(profile.decrypted_id_number())
    if worker.enterprise is not None:
        values.append(worker.enterprise.name)
    return sorted({v for v in values if v}, key=len, reverse=True)


def redacted(entry, text: str, *, blind: bool) -> str:
    if not blind or not text:
        return text
    for value in _identity(entry):
        text = text.replace(value, MARK)
    return text
