"""contests.redaction: a blind judge's text never carries the worker's identity."""

import pytest

from contests.redaction import MARK, Redactor, redact, redact_for_worker

pytestmark = pytest.mark.unit

IDENTITY = {
    "names": ["欧阳娜娜"], "phones": ["13812345678"],
    "id_numbers": ["32120219900101123X"], "enterprises": ["飞驰同城配送有限公司"],
}


@pytest.mark.parametrize(("text", "expected"), [
    ("我叫欧阳娜娜，在飞驰同城配送有限公司送餐五年。", f"我叫{MARK}，在{MARK}送餐五年。"),
    ("欧阳 娜娜获评标兵", f"{MARK}获评标兵"),
    ("电话13812345678", f"电话{MARK}"),
    ("电话 138 1234 5678 欢迎来电", f"电话 {MARK} 欢迎来电"),
    ("电话138-1234-5678。", f"电话{MARK}。"),
    ("(138)1234.5678", f"({MARK}"),
    ("+86 138 1234 5678", f"+86 {MARK}"),
    ("+8613812345678", f"+86{MARK}"),
    ("１３８１２３４５６７８", MARK),
    ("身份证 321202 19900101 123x 号", f"身份证 {MARK} 号"),
    ("321202-1990-0101-123X", MARK),
    ("FEICHI", "FEICHI"),
    # A longer number that merely contains the phone is another number.
    ("订单号 913812345678", "订单号 913812345678"),
    ("", ""),
])
def test_identity_is_redacted_however_it_is_written(text, expected):
    assert redact(text, **IDENTITY) == expected


def test_latin_names_match_in_any_case():
    assert redact("Thanks to Li Ming and LI MING", names=["Li Ming"]) == (
        f"Thanks to {MARK} and {MARK}")


def test_a_one_character_name_and_empty_values_redact_nothing():
    assert redact("王师傅送餐", names=["王"], phones=[""], enterprises=[""]) == "王师傅送餐"
    assert Redactor.build()("任何文字") == "任何文字"


def test_the_whole_enterprise_goes_when_it_contains_the_name():
    assert redact("娜娜快递有限公司", names=["娜娜"], enterprises=["娜娜快递有限公司"]) == MARK


@pytest.mark.django_db
def test_a_worker_is_redacted_from_their_own_records():
    from tests.factories.accounts import EnterpriseFactory, WorkerFactory

    worker = WorkerFactory(real_name="张伟强", phone="13900001111",
                           enterprise=EnterpriseFactory(name="城市速递"),
                           profile__id_number="110101199003074514")
    statement = ("张伟强（城市速递）电话139 0000 1111，"
                 "身份证110101-19900307-4514，多次获评优秀骑手。")
    assert redact_for_worker(statement, worker) == (
        f"{MARK}（{MARK}）电话{MARK}，身份证{MARK}，多次获评优秀骑手。")
