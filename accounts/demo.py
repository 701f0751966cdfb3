"""Demo data for accounts: the county federation and its four industry federations, about
50 enterprises, 300 workers, 6 judges and one organizer.

Idempotent: everything is generated from a fixed seed first, then only what is missing is
created (keyed by union name, enterprise name and username). Demo logins:
organizer / demo-Organizer-2026, judge1..judge6 / demo-Judge-2026,
worker1..worker10 / demo-Worker-2026 (other demo workers have unusable passwords).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from audit.services import record

from . import synthetic
from .cleaning import WorkerFields
from .models import Enterprise, Industry, PoliticalStatus, Role, TradeUnion, User
from .staff import make_organizer_staff
from .validators import parse_id_number
from .worker_records import NewWorker, bulk_save_workers

SEED = 20260101
COUNTY = "沭阳县"
COUNTY_FEDERATION = f"{COUNTY}总工会"
INDUSTRY_FEDERATIONS = {
    Industry.FOOD_DELIVERY: f"{COUNTY}网约送餐行业工会联合会",
    Industry.EXPRESS: f"{COUNTY}快递行业工会联合会",
    Industry.RIDE_HAILING: f"{COUNTY}网约车行业工会联合会",
    Industry.TRANSPORT: f"{COUNTY}交通运输行业工会联合会",
}
PLACES = ("沭阳县", "宿迁市沭阳县", "宿迁市宿城区", "宿迁市宿豫区")
TOWNS = ("沭城街道", "南湖街道", "梦溪街道", "十字街道", "章集街道", "七雄街道", "龙庙镇")
ENTERPRISE_BRANDS = {
    Industry.FOOD_DELIVERY: (
        ("蜂鸟", "速达", "优送", "闪驰", "鲜达", "骑士", "同城急送", "橙果", "快乐蜂", "邻里",
         "众邦", "乐送", "小蓝", "飞毛腿", "美滋"),
        ("配送服务有限公司", "即时配送有限公司", "同城配送服务有限公司"),
    ),
    Industry.EXPRESS: (
        ("中通", "圆通", "申通", "韵达", "极兔", "百世", "德邦", "宅急送", "优速", "丰网",
         "安能", "天天", "京邦达", "速尔", "壹米"),
        ("快递有限公司", "速递服务有限公司", "物流服务有限公司"),
    ),
    Industry.RIDE_HAILING: (
        ("畅行", "滴达", "如祺", "享道", "曹操", "安途", "悦行", "易到", "T3", "阳光"),
        ("出行科技有限公司", "网约车服务有限公司", "汽车服务有限公司"),
    ),
    Industry.TRANSPORT: (
        ("顺捷", "恒通", "远航", "安顺", "鑫达", "通运", "宏运", "金桥", "路安", "长城"),
        ("物流有限公司", "运输有限公司", "货运有限公司"),
    ),
}
WORKER_COUNT = 300
WORKERS_WITH_PASSWORDS = 10
# Fixed salts keep each run's precomputed hash identical: one hash per kind of login.
PASSWORDS = {
    Role.ORGANIZER: ("demo-Organizer-2026", "demoorganizersalt2026"),
    Role.JUDGE: ("demo-Judge-2026", "demojudgesalt2026"),
    Role.WORKER: ("demo-Worker-2026", "demoworkersalt2026"),
}
REFERENCE_DAY = date(2026, 6, 30)
INDUSTRY_SHARES = (
    (Industry.FOOD_DELIVERY, 0.4), (Industry.EXPRESS, 0.3),
    (Industry.RIDE_HAILING, 0.15), (Industry.TRANSPORT, 0.15),
)
POLITICAL_SHARES = (
    (PoliticalStatus.MASSES, 0.68), (PoliticalStatus.LEAGUE_MEMBER, 0.14),
    (PoliticalStatus.PARTY_MEMBER, 0.12), (PoliticalStatus.PROBATIONARY_MEMBER, 0.05),
    (PoliticalStatus.DEMOCRATIC_PARTY, 0.01),
)


def _hash(role: str) -> str:
    password, salt = PASSWORDS[role]
    return make_password(password, salt=salt)


def _pick(rng: random.Random, shares) -> str:
    values, weights = zip(*shares, strict=True)
    return rng.choices(values, weights=weights)[0]


def _unions() -> dict[str, TradeUnion]:
    county, _created = TradeUnion.objects.get_or_create(name=COUNTY_FEDERATION)
    unions = {"": county}
    for industry, name in INDUSTRY_FEDERATIONS.items():
        unions[industry], _created = TradeUnion.objects.get_or_create(
            name=name, defaults={"industry": industry, "parent": county}
        )
    return unions


def _enterprise_specs(rng: random.Random) -> list[dict]:
    specs, seen = [], set()
    for industry, (brands, suffixes) in ENTERPRISE_BRANDS.items():
        for brand in brands:
            name = f"{rng.choice(PLACES)}{brand}{rng.choice(suffixes)}"
            if name in seen:
                continue
            seen.add(name)
            specs.append({"name": name, "industry": industry,
                          "credit_code": synthetic.credit_code(rng), "is_key": rng.random() < 0.2})
    return specs


def _enterprises(rng, unions) -> list[Enterprise]:
    specs = _enterprise_specs(rng)
    existing = set(Enterprise.objects.filter(name__in=[s["name"] for s in specs])
                   .values_list("name", flat=True))
    Enterprise.objects.bulk_create([
        Enterprise(**spec, union=unions[spec["industry"]])
        for spec in specs if spec["name"] not in existing
    ])
    return list(Enterprise.objects.filter(name__in=[s["name"] for s in specs]).order_by("id"))


def _worker(rng: random.Random, index: int, enterprises, unions, phones: set) -> NewWorker:
    industry = _pick(rng, INDUSTRY_SHARES)
    age = max(19, min(58, round(rng.gauss(34, 8))))
    birth = REFERENCE_DAY - timedelta(days=365 * age + rng.randrange(0, 365))
    sex = "M" if rng.random() < (0.95 if industry == Industry.TRANSPORT else 0.86) else "F"
    phone = synthetic.phone(rng)
    while phone in phones:
        phone = synthetic.phone(rng)
    phones.add(phone)
    max_years = min(12, age - 18)
    union_member = rng.random() < 0.7
    own = [e for e in enterprises if e.industry == industry]
    fields = WorkerFields(
        real_name=synthetic.person_name(rng),
        phone=phone,
        id_number=parse_id_number(synthetic.id_number(rng, birth=birth, sex=sex),
                                  today=REFERENCE_DAY),
        industry=industry,
        union_member=union_member,
        political_status=_pick(rng, POLITICAL_SHARES),
        years_in_industry=Decimal(rng.randrange(5, max_years * 10 + 1)) / 10,
    )
    return NewWorker(
        username=f"worker{index}", fields=fields,
        enterprise=rng.choice(own) if own and rng.random() < 0.92 else None,
        union=unions[industry] if union_member else None,
        consent_publication=rng.random() < 0.9,
        district=rng.choice(TOWNS),
    )


def _workers(rng, enterprises, unions) -> list[User]:
    phones: set[str] = set()
    planned = [_worker(rng, i, enterprises, unions, phones) for i in range(1, WORKER_COUNT + 1)]
    existing = set(User.objects.filter(username__in=[w.username for w in planned])
                   .values_list("username", flat=True))
    missing = [w for w in planned if w.username not in existing]
    if not missing:
        return []
    users = bulk_save_workers(missing, now=timezone.now())
    with_login = [f"worker{i}" for i in range(1, WORKERS_WITH_PASSWORDS + 1)]
    User.objects.filter(username__in=with_login, pk__in=[u.pk for u in users]).update(
        password=_hash(Role.WORKER)
    )
    return users


def _staff(rng, enterprises, unions) -> list[User]:
    planned = [("organizer", Role.ORGANIZER, None, unions[""])]
    for i in range(1, 7):
        # Two judges come from enterprises (so conflict-of-interest rules have work to do).
        enterprise = enterprises[i * 7 % len(enterprises)] if i <= 2 else None
        planned.append((f"judge{i}", Role.JUDGE, enterprise, unions[""]))
    names = {username: synthetic.person_name(rng) for username, *_rest in planned}
    phones = {username: synthetic.phone(rng) for username, *_rest in planned}
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    created = []
    for username, role, enterprise, union in planned:
        if username in existing:
            continue
        user = User.objects.create(
            username=username, role=role, password=_hash(role), real_name=names[username],
            phone=phones[username], enterprise=enterprise, union=union,
        )
        if role == Role.ORGANIZER:
            make_organizer_staff(user)
        created.append(user)
    return created


def seed(stdout) -> None:
    rng = random.Random(SEED)
    unions = _unions()
    enterprises = _enterprises(rng, unions)
    workers = _workers(rng, enterprises, unions)
    staff = _staff(rng, enterprises, unions)
    if workers or staff:
        record(actor=None, action="accounts.demo_seeded", data={
            "workers": len(workers), "staff": [user.username for user in staff],
        })
    stdout.write(
        f"accounts: {len(enterprises)} enterprises, {len(workers)} new workers, "
        f"{len(staff)} new judges/organizers."
    )
