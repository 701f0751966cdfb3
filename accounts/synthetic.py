"""Valid synthetic identifiers for demo data and tests (never real people's numbers)."""

import random
from datetime import date, timedelta

from .validators import CREDIT_ALPHABET, credit_check_char, id_check_char

# Region codes of districts in Jiangsu (used only to make numbers look plausible).
REGION_CODES = ("321302", "321311", "321322", "321323", "321324", "320102", "320104")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力飞鹏宇浩凯健俊帆晨阳"


def id_number(rng: random.Random, *, birth: date | None = None, sex: str | None = None) -> str:
    if birth is None:
        birth = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
    seq = rng.randrange(0, 1000)
    if sex is not None:
        # 17th digit: odd for men, even for women.
        seq = seq - seq % 2 + (1 if sex == "M" else 0)
        seq = min(seq, 999 if sex == "M" else 998)
    first17 = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def credit_code(rng: random.Random) -> str:
    # 9 = registered by the market regulator, 1 = enterprise; then region and org code.
    body = "91" + rng.choice(REGION_CODES) + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return body + credit_check_char(body)


def phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "151", "187", "188", "177", "199"]) + (
        f"{rng.randrange(0, 10**8):08d}"
    )


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given
