"""English dates as the union writes them in English: 4 Dec 2026 (Chinese keeps Django's
2026年12月4日). Times are Asia/Shanghai (TIME_ZONE)."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
