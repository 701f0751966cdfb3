"""Masking of personal data for everyone but organizers (PIPL: show only what is needed)."""


def mask_id_number(value: str | None) -> str:
    """'321302199001011234' -> '3213**********1234'."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """'13812345678' -> '138****5678'."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """'张三' -> '张*', '欧阳娜娜' -> '欧***': surname kept, as on Chinese public notices."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    return value[0] + "*" * (len(value) - 1)
