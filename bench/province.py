"""Benchmark: province scale. Generates 100,000 workers, 1,000 contests over five years and
1,000,000 scorecards on PostgreSQL, then measures the server time and the query count of
every list endpoint of the API and every list/dashboard page, as the user who sees most
(an organizer, the judge with most assignments, the worker with most entries, anonymous),
and EXPLAINs their slowest queries.

    .venv/bin/python bench/province.py \\
        --database-url postgres://postgres@127.0.0.1:5432/wt4_province [--keep] [--reuse]
        [--workers 100000] [--contests 1000] [--scorecards 1000000] [--repeat 5]
        [--explain-dir bench/province_explain]

The database is created (refused if it exists, unless `--reuse`: then the data already in
it is measured), migrated, filled with set-based SQL (`INSERT … SELECT generate_series`
and COPY), ANALYZEd, measured, and dropped at the end unless `--keep`.

What is generated (all through the real schema and constraints):
- organizers, 300 judges, N workers with worker profiles (valid ID numbers, encrypted,
  hashed, masked), 2,000 enterprises under industry unions;
- C contests spread over five years, 200 a year: past years final (5 % cancelled); the
  current year in every state (draft … final). Each has 2 tracks, 1 stage (mean of 5
  judges), 3 judged criteria, a tie-break, 3 tiers (5 %, 10 %, 15 % of each track);
- entries (draft/submitted/withdrawn while registration runs, qualified/rejected after),
  their decisions; a panel of 7 per stage (the busiest judge sits on every tenth), 5
  assignments per judged entry, one scorecard each (30 % drafts while judging), 3 scores
  per card; result sets and rows, tiers on entries, notices with their lines (open for
  contests in notice, closed for final ones), objections, certificates for the winners of
  final contests, notifications, audit events in valid HMAC chains (`verify_audit` holds),
  one nomination round a year with sources, rules, nominations and provenance.
One worker (`w1`) entered every fifteenth contest: the worker with most entries.

Measured per page/endpoint (Django test Client in-process, median of --repeat requests
after one warm-up): status, rows on the page, queries, median ms, the pinned query count
from the tests. The slowest queries of each are EXPLAINed (ANALYZE, BUFFERS) into
--explain-dir; a sequential scan of a table over 10,000 rows is flagged.
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORGANIZERS = 3
JUDGES = 300
ENTERPRISES = 2000
PANEL = 7
PER_ENTRY = 5
CRITERIA = 3
LARGE_TABLE = 10_000
ENTRY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wt4_province")
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--contests", type=int, default=1000)
    parser.add_argument("--scorecards", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the existing database (no generation)"
    )
    parser.add_argument("--explain-dir", default=str(ROOT / "bench" / "province_explain"))
    parser.add_argument("--only", default="", help="measure only labels containing this")
    parser.add_argument("--skip", default="", help="skip labels containing this")
    args = parser.parse_args()
    if urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    if args.contests < 20 or args.workers < 1000:
        parser.error("--contests ≥ 20 and --workers ≥ 1000")
    return args


def server_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def create_database(url: str, reuse: bool) -> bool:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            sys.exit(f"database {name} exists: drop it or pass --reuse")
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- generation ------------------------------------------------------------------------


class Plan:
    """Who is who: fixed id ranges, so the SQL can compute references."""

    def __init__(self, workers: int, contests: int, scorecards: int, now: datetime):
        self.workers, self.contests, self.now = workers, contests, now
        self.first_judge = ORGANIZERS + 1  # the busiest judge
        self.first_worker = ORGANIZERS + JUDGES + 1  # w1: the worker with most entries
        self.years = [now.year - 4 + i for i in range(5)]
        self.rows = []  # one dict per contest
        for c in range(1, contests + 1):
            year = self.years[min(4, (c - 1) * 5 // contests)]
            self.rows.append({"id": c, "year": year, "state": self._state(c, year)})
        judged = [r for r in self.rows if r["state"] in JUDGED]
        per_contest = -(-scorecards // (PER_ENTRY * max(1, len(judged))))
        offset = 0
        for r in self.rows:
            r["entries"] = {"draft": 0, "cancelled": 0}.get(r["state"], 200)
            if r["state"] in JUDGED:
                r["entries"] = per_contest
            r["offset"] = offset
            offset += r["entries"]
        self.entries = offset

    def _state(self, c: int, year: int) -> str:
        if year < self.now.year:
            return "cancelled" if c % 20 == 19 else "final"
        return CURRENT_YEAR_STATES[c % 20]


CURRENT_YEAR_STATES = (
    ["final"] * 10
    + ["in_notice"] * 2
    + ["results_ready"] * 2
    + ["judging"] * 2
    + ["registration_closed"]
    + ["registration_open"] * 2
    + ["draft"]
)
JUDGED = ["judging", "results_ready", "in_notice", "final"]
RESULTS = ["results_ready", "in_notice", "final"]


def contest_dates(plan: Plan, row: dict) -> tuple[datetime, datetime, datetime]:
    now, c, state = plan.now, row["id"], row["state"]
    offsets = {  # days from now: registration opens, closes, judging closes
        "draft": (30, 60, 90),
        "registration_open": (-10, 20, 60),
        "registration_closed": (-40, -10, 30),
        "judging": (-60, -30, 10),
        "results_ready": (-70, -40, -5),
        "in_notice": (-80, -50, -15),
    }
    if state in offsets:
        a, b, j = offsets[state]
        return now + timedelta(days=a), now + timedelta(days=b), now + timedelta(days=j)
    opens = datetime(row["year"], 1 + c % 9, 1 + c % 27, 1, 0, tzinfo=UTC)
    return opens, opens + timedelta(days=30), opens + timedelta(days=60)


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    n = 0
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def generate(args, log) -> dict:
    import psycopg
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from accounts import crypto, synthetic
    from audit.chain import GENESIS_HASH, canonical_content, link_hash
    from core.masking import mask_id_number
    from publicity.numbers import new_certificate_number

    now = datetime.now(UTC).replace(microsecond=0)
    plan = Plan(args.workers, args.contests, args.scorecards, now)
    rng = random.Random(2026)
    counts = {}
    timings = {}
    conn = psycopg.connect(args.database_url)
    cur = conn.cursor()

    def step(name, fn):
        started = time.perf_counter()
        result = fn()
        conn.commit()  # the deferred foreign-key checks run here
        timings[name] = time.perf_counter() - started
        log(f"  {name:28s} {timings[name]:7.1f} s")
        return result

    # Unions, enterprises --------------------------------------------------------------
    industries = ["food_delivery", "express", "ride_hailing", "transport"]

    def unions_and_enterprises():
        cur.execute(
            "INSERT INTO accounts_tradeunion (id, name, industry, parent_id) "
            "VALUES (1, '县总工会', '', NULL)"
        )
        for i, ind in enumerate(industries, start=2):
            cur.execute(
                "INSERT INTO accounts_tradeunion (id, name, industry, parent_id) "
                "VALUES (%s, %s, %s, 1)",
                [i, f"{ind}行业工会", ind],
            )
        codes = set()
        while len(codes) < ENTERPRISES:
            codes.add(synthetic.credit_code(rng))
        copy_rows(
            cur,
            "accounts_enterprise",
            ["id", "name", "credit_code", "industry", "is_key", "created_at", "union_id"],
            (
                (
                    i,
                    f"企业{i:04d}有限公司",
                    code,
                    industries[i % 4],
                    i % 10 == 0,
                    now - timedelta(days=2000),
                    2 + i % 4,
                )
                for i, code in enumerate(sorted(codes), start=1)
            ),
        )

    step("unions, enterprises", unions_and_enterprises)

    # Users and profiles ----------------------------------------------------------------
    password = make_password("province-bench-2026")

    def users():
        cur.execute(
            """
            INSERT INTO accounts_user (id, password, is_superuser, username, first_name,
                last_name, email, is_staff, is_active, date_joined, role, real_name, phone,
                enterprise_id, union_id, preferred_language)
            SELECT i, %(pw)s, false,
                   CASE WHEN i <= %(o)s THEN 'org' || i
                        WHEN i <= %(o)s + %(j)s THEN 'judge' || (i - %(o)s)
                        ELSE 'w' || (i - %(o)s - %(j)s) END,
                   '', '', '', i <= %(o)s, true,
                   %(now)s::timestamptz - ((i %% 1800) || ' days')::interval,
                   CASE WHEN i <= %(o)s THEN 'organizer'
                        WHEN i <= %(o)s + %(j)s THEN 'judge' ELSE 'worker' END,
                   (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + i %% 10]
                     || (ARRAY['伟','芳','娜','敏','静','强','磊','军','洋','勇'])
                         [1 + (i / 10) %% 10]
                     || (ARRAY['明','华','英','平','刚','辉','飞','鹏','宇','浩'])
                         [1 + (i / 100) %% 10],
                   CASE WHEN i > %(o)s + %(j)s THEN '13' || lpad(i::text, 9, '0') ELSE '' END,
                   CASE WHEN i > %(o)s + %(j)s THEN 1 + i %% %(e)s END,
                   NULL, 'zh-hans'
            FROM generate_series(1, %(n)s) AS i
            """,
            {
                "pw": password,
                "o": ORGANIZERS,
                "j": JUDGES,
                "e": ENTERPRISES,
                "now": now,
                "n": ORGANIZERS + JUDGES + args.workers,
            },
        )
        return cur.rowcount

    counts["users"] = step("users", users)

    def profiles():
        sample = synthetic.id_number(rng)
        encrypted = crypto.encrypt(sample)  # one ciphertext shared (Fernet is the cost)
        rows = []
        for k in range(args.workers):
            uid = plan.first_worker + k
            birth = date(1970, 1, 1) + timedelta(days=(k * 37) % (365 * 35))
            sex = "M" if k % 3 else "F"
            number = synthetic.id_number(rng, birth=birth, sex=sex)
            rows.append(
                (
                    uid,
                    encrypted,
                    hashlib.sha256(f"{number}:{k}".encode()).hexdigest(),
                    mask_id_number(number),
                    sex,
                    birth,
                    industries[k % 4],
                    k % 3 == 0,
                    "party_member" if k % 7 == 0 else "masses",
                    (k % 150) / 10,
                    f"第{k % 12 + 1}街道",
                    "han",
                    "high_school",
                    k % 5 != 0,
                    now - timedelta(days=k % 1800) if k % 5 != 0 else None,
                    now - timedelta(days=k % 1800),
                    now,
                )
            )
        return copy_rows(
            cur,
            "accounts_workerprofile",
            [
                "user_id",
                "id_number_encrypted",
                "id_number_hash",
                "id_number_masked",
                "sex",
                "birth_date",
                "industry",
                "union_member",
                "political_status",
                "years_in_industry",
                "district",
                "ethnicity",
                "education",
                "consent_publication",
                "consent_at",
                "created_at",
                "updated_at",
            ],
            rows,
        )

    counts["worker profiles"] = step("worker profiles", profiles)

    # Contests and their structure (small: COPY from Python) ---------------------------
    def structure():
        contest_rows, tracks, stages, criteria, tiebreaks, tiers, panel = [], [], [], [], [], [], []
        for r in plan.rows:
            c = r["id"]
            opens, closes, judging = contest_dates(plan, r)
            r["opens"] = opens
            kind = "skills" if c % 3 else "award"
            contest_rows.append(
                (
                    c,
                    f"{r['year']}年第{c}届{'职业技能竞赛' if kind == 'skills' else '先进评选'}",
                    kind,
                    r["year"],
                    "",
                    json.dumps([industries[c % 4]]),
                    c % 4 == 0,
                    opens,
                    closes,
                    judging,
                    5,
                    False,
                    r["state"],
                    judging,
                    opens - timedelta(days=20),
                    now,
                    1,
                    2 + c % 4,
                )
            )
            tracks += [(2 * c - 1, "综合组", 0, c), (2 * c, "青年组", 1, c)]
            stages.append((c, "决赛", 0, "mean", 1, "none", PER_ENTRY, c))
            for k in range(CRITERIA):
                criteria.append((CRITERIA * (c - 1) + k + 1, f"指标{k + 1}", 10, 1, "judged", k, c))
            tiebreaks.append((c, "desc", 0, CRITERIA * (c - 1) + 1, c))
            for k, (name, pct) in enumerate([("一等奖", 5), ("二等奖", 10), ("三等奖", 15)]):
                tiers.append((3 * (c - 1) + k + 1, name, k, None, pct, c))
            if r["state"] in JUDGED or r["state"] == "registration_closed":
                members = [
                    plan.first_judge + 1 + (c * PANEL + m) % (JUDGES - 1) for m in range(PANEL)
                ]
                if c % 10 == 0:
                    members[0] = plan.first_judge
                r["panel"] = members
                panel += [(c, j, opens) for j in members]
        copy_rows(
            cur,
            "contests_contest",
            [
                "id",
                "title",
                "kind",
                "year",
                "description",
                "industries",
                "blind",
                "registration_opens",
                "registration_closes",
                "judging_closes",
                "notice_days",
                "union_member_required",
                "state",
                "state_changed_at",
                "created_at",
                "updated_at",
                "created_by_id",
                "issuer_id",
            ],
            contest_rows,
        )
        copy_rows(cur, "contests_track", ["id", "name", "position", "contest_id"], tracks)
        copy_rows(
            cur,
            "contests_stage",
            [
                "id",
                "name",
                "position",
                "aggregation",
                "trim",
                "normalize",
                "panel_size",
                "contest_id",
            ],
            stages,
        )
        copy_rows(
            cur,
            "contests_criterion",
            ["id", "name", "max_score", "weight", "kind", "position", "stage_id"],
            criteria,
        )
        copy_rows(
            cur,
            "contests_tiebreak",
            ["id", "order", "position", "criterion_id", "stage_id"],
            tiebreaks,
        )
        copy_rows(
            cur,
            "contests_tier",
            ["id", "name", "position", "quota", "quota_percent", "contest_id"],
            tiers,
        )
        copy_rows(cur, "judging_panelmember", ["stage_id", "judge_id", "added_at"], panel)
        cur.execute(
            "CREATE TEMP TABLE plan (c int PRIMARY KEY, state text, n int, "
            "off int, opens timestamptz, p int[])"
        )
        copy_rows(
            cur,
            "plan",
            ["c", "state", "n", "off", "opens", "p"],
            (
                (r["id"], r["state"], r["entries"], r["offset"], r["opens"], r.get("panel") or [])
                for r in plan.rows
            ),
        )
        cur.execute("ANALYZE plan")
        return len(contest_rows)

    counts["contests"] = step("contests + structure", structure)

    # Entries, decisions ----------------------------------------------------------------
    def entries():
        cur.execute(
            """
            INSERT INTO contests_entry (id, code, statement, status, source, decision_reason,
                reviewed_at, submitted_at, created_at, updated_at, contest_id, nominated_by_id,
                reviewed_by_id, worker_id, stage_id, tier_id, track_id)
            SELECT e.id,
                   (SELECT string_agg(substr(%(alpha)s, ((e.id >> (5 * k)) & 31)::int + 1, 1),
                                      '' ORDER BY k DESC)
                    FROM generate_series(0, 6) k) || 'P',
                   '', e.status, 'self',
                   CASE WHEN e.status = 'rejected' THEN '材料不全' ELSE '' END,
                   CASE WHEN e.status IN ('qualified', 'rejected')
                        THEN e.at + interval '5 days' END,
                   CASE WHEN e.status <> 'draft' THEN e.at END,
                   e.at, e.at, e.c, NULL,
                   CASE WHEN e.status IN ('qualified', 'rejected') THEN 1 END,
                   CASE WHEN e.i = 0 AND e.c %% 15 = 0 THEN %(w1)s
                        ELSE %(w1)s + 1 + ((e.id::bigint * 7919) %% (%(nw)s - 1)) END,
                   CASE WHEN e.status = 'qualified' AND e.state = ANY(%(judged)s) THEN e.c END,
                   NULL, 2 * e.c - 1 + e.i %% 2
            FROM (
              SELECT p.c, p.state, i, p.off + i + 1 AS id,
                     p.opens + ((i %% 28) || ' days')::interval AS at,
                     CASE WHEN p.state = 'registration_open' THEN
                            CASE WHEN i %% 17 = 5 THEN 'withdrawn'
                                 WHEN i %% 3 = 0 THEN 'draft' ELSE 'submitted' END
                          WHEN p.state = 'registration_closed' THEN
                            CASE WHEN i %% 10 = 9 THEN 'rejected' ELSE 'qualified' END
                          ELSE 'qualified' END AS status
              FROM plan p, generate_series(0, p.n - 1) AS i
            ) e
            """,
            {
                "alpha": ENTRY_CODE_ALPHABET,
                "w1": plan.first_worker,
                "nw": args.workers,
                "judged": JUDGED,
            },
        )
        n = cur.rowcount
        cur.execute(
            """
            INSERT INTO contests_entrydecision (action, status, reason, created_at, actor_id,
                                                entry_id)
            SELECT 'submit', 'submitted', '', submitted_at, worker_id, id
            FROM contests_entry WHERE status <> 'draft'
            UNION ALL
            SELECT CASE status WHEN 'qualified' THEN 'qualify' WHEN 'rejected' THEN 'reject'
                   ELSE 'withdraw' END, status, decision_reason,
                   coalesce(reviewed_at, submitted_at + interval '2 days', created_at),
                   coalesce(reviewed_by_id, worker_id), id
            FROM contests_entry WHERE status IN ('qualified', 'rejected', 'withdrawn')
            """
        )
        counts["entry decisions"] = cur.rowcount
        return n

    counts["entries"] = step("entries + decisions", entries)

    # Assignments, scorecards, scores ---------------------------------------------------
    def judging():
        cur.execute(
            """
            INSERT INTO judging_assignment (created_at, entry_id, judge_id, stage_id)
            SELECT p.opens + interval '31 days', e.id,
                   p.p[1 + ((e.id - p.off - 1 + k) %% %(panel)s)], p.c
            FROM plan p JOIN contests_entry e ON e.contest_id = p.c AND e.stage_id IS NOT NULL,
                 generate_series(0, %(per)s - 1) AS k
            ORDER BY e.id, k
            """,
            {"panel": PANEL, "per": PER_ENTRY},
        )
        counts["assignments"] = cur.rowcount
        cur.execute(
            """
            INSERT INTO judging_scorecard (state, comment, submitted_at, version, created_at,
                                           updated_at, assignment_id)
            SELECT s.state, '', CASE WHEN s.state = 'submitted' THEN s.at END,
                   1, s.at, s.at, s.id
            FROM (SELECT a.id, a.created_at + interval '3 days' AS at,
                         CASE WHEN p.state = 'judging' AND a.id % 10 >= 7 THEN 'draft'
                              ELSE 'submitted' END AS state
                  FROM judging_assignment a JOIN plan p ON p.c = a.stage_id
                  ORDER BY a.id) s
            """
        )
        n = cur.rowcount
        cur.execute(
            """
            INSERT INTO judging_score (value, criterion_id, scorecard_id)
            SELECT 4 + ((s.id * 31 + k * 17) %% 61) / 10.0, %(crit)s * (a.stage_id - 1) + k + 1,
                   s.id
            FROM judging_scorecard s JOIN judging_assignment a ON a.id = s.assignment_id,
                 generate_series(0, %(crit)s - 1) AS k
            ORDER BY s.id, k
            """,
            {"crit": CRITERIA},
        )
        counts["scores"] = cur.rowcount
        return n

    counts["scorecards"] = step("assignments, cards, scores", judging)

    # Results ---------------------------------------------------------------------------
    def results():
        cur.execute(
            """
            INSERT INTO judging_resultset (id, computed_at, checksum, publishable,
                incomplete_entries, needs_decision, ignored_decisions, computations,
                stage_id, stale)
            SELECT c, opens + interval '62 days', md5(c::text) || md5((c + 1)::text), true,
                   '[]', false, '[]', 1, c, false
            FROM plan WHERE state = ANY(%(results)s)
            """,
            {"results": RESULTS},
        )
        cur.execute(
            """
            CREATE TEMP TABLE ranked AS
            WITH card AS (
              SELECT a.entry_id, s.id AS card_id, sum(sc.value) AS total
              FROM judging_assignment a
              JOIN judging_scorecard s ON s.assignment_id = a.id
              JOIN judging_score sc ON sc.scorecard_id = s.id
              JOIN plan p ON p.c = a.stage_id AND p.state = ANY(%(results)s)
              GROUP BY a.entry_id, s.id
            ), entry_score AS (
              SELECT entry_id, round(avg(total), 2) AS score, count(*) AS cards
              FROM card GROUP BY entry_id
            )
            SELECT e.id AS entry_id, e.contest_id AS c, e.track_id, s.score, s.cards,
                   row_number() OVER (PARTITION BY e.track_id ORDER BY s.score DESC, e.id)
                     AS rank,
                   count(*) OVER (PARTITION BY e.track_id) AS track_n
            FROM entry_score s JOIN contests_entry e ON e.id = s.entry_id
            """,
            {"results": RESULTS},
        )
        cur.execute(
            """
            ALTER TABLE ranked ADD COLUMN tier_id int;
            UPDATE ranked SET tier_id = 3 * (c - 1) + CASE
                WHEN rank <= floor(track_n * 0.05) THEN 1
                WHEN rank <= floor(track_n * 0.15) THEN 2
                WHEN rank <= floor(track_n * 0.30) THEN 3 END;
            CREATE INDEX ON ranked (entry_id); ANALYZE ranked;
            """
        )
        cur.execute(
            """
            INSERT INTO judging_resultrow (rank, stage_score, judged_score, objective_score,
                criterion_aggregates, scorecards, incomplete, needs_decision, tier_choices,
                decided, advanced, position, entry_id, tier_id, result_set_id)
            SELECT r.rank, r.score, r.score, NULL, coalesce(ca.aggregates, '{}'), r.cards,
                   false, false, '[]', false, false,
                   row_number() OVER (PARTITION BY r.c ORDER BY r.track_id, r.rank),
                   r.entry_id, r.tier_id, r.c
            FROM ranked r LEFT JOIN (
              SELECT a.entry_id, jsonb_object_agg(x.criterion_id::text, x.agg) AS aggregates
              FROM (SELECT a.entry_id, sc.criterion_id, round(avg(sc.value), 2)::text AS agg
                    FROM judging_assignment a
                    JOIN judging_scorecard s ON s.assignment_id = a.id
                    JOIN judging_score sc ON sc.scorecard_id = s.id
                    WHERE a.entry_id IN (SELECT entry_id FROM ranked)
                    GROUP BY a.entry_id, sc.criterion_id) x
              JOIN (SELECT DISTINCT entry_id FROM ranked) a ON a.entry_id = x.entry_id
              GROUP BY a.entry_id
            ) ca ON ca.entry_id = r.entry_id
            ORDER BY r.c, r.track_id, r.rank
            """
        )
        n = cur.rowcount
        cur.execute(
            "UPDATE contests_entry e SET tier_id = r.tier_id FROM ranked r "
            "WHERE r.entry_id = e.id AND r.tier_id IS NOT NULL"
        )
        return n

    counts["result rows"] = step("results", results)

    # Notices, objections, certificates ------------------------------------------------
    def publicity():
        cur.execute(
            """
            INSERT INTO publicity_notice (subject_type, round, title, working_days, opens_at,
                closes_at, status, lines, results_checksum, calendar_missing_years, ended_at,
                created_at, contest_id, published_by_id, nomination_round_id)
            SELECT 'contest', 1, c.title || '结果公示', 5,
                   CASE WHEN p.state = 'in_notice' THEN %(now)s - interval '3 days'
                        ELSE p.opens + interval '63 days' END,
                   CASE WHEN p.state = 'in_notice' THEN %(now)s + interval '5 days'
                        ELSE p.opens + interval '70 days' END,
                   CASE WHEN p.state = 'in_notice' THEN 'open' ELSE 'closed' END,
                   coalesce(l.lines, '[]'), rs.checksum, '[]',
                   CASE WHEN p.state = 'final' THEN p.opens + interval '70 days' END,
                   p.opens + interval '63 days', c.id, 1, NULL
            FROM plan p JOIN contests_contest c ON c.id = p.c
            JOIN judging_resultset rs ON rs.stage_id = p.c
            LEFT JOIN (
              SELECT r.c, jsonb_agg(jsonb_build_object(
                       'rank', r.rank, 'track', t.name, 'award', ti.name,
                       'name', CASE WHEN wp.consent_publication THEN
                                 left(u.real_name, 1) || repeat('*', length(u.real_name) - 1)
                               ELSE '' END,
                       'enterprise', CASE WHEN wp.consent_publication THEN en.name ELSE '' END,
                       'withheld', NOT wp.consent_publication)
                     ORDER BY r.track_id, r.rank) AS lines
              FROM ranked r JOIN contests_track t ON t.id = r.track_id
              JOIN contests_tier ti ON ti.id = r.tier_id
              JOIN contests_entry e ON e.id = r.entry_id
              JOIN accounts_user u ON u.id = e.worker_id
              JOIN accounts_workerprofile wp ON wp.user_id = u.id
              LEFT JOIN accounts_enterprise en ON en.id = u.enterprise_id
              GROUP BY r.c
            ) l ON l.c = p.c
            WHERE p.state IN ('in_notice', 'final')
            """,
            {"now": now},
        )
        counts["notices"] = cur.rowcount
        cur.execute(
            """
            INSERT INTO publicity_objection (name, contact, text, created_at, ip_address,
                user_agent, status, resolution, resolved_at, filed_by_id, notice_id,
                resolved_by_id, line)
            SELECT '张三', '13800000000', '对公示名单有异议，请核实第' || k || '名的材料。',
                   n.opens_at + interval '1 day', '10.0.0.1', 'bench',
                   CASE WHEN n.status = 'open' THEN 'pending' ELSE 'dismissed' END,
                   CASE WHEN n.status = 'open' THEN '' ELSE '经核实，材料属实。' END,
                   CASE WHEN n.status = 'open' THEN NULL ELSE n.opens_at + interval '2 days' END,
                   NULL, n.id, CASE WHEN n.status = 'open' THEN NULL ELSE 1 END, NULL
            FROM publicity_notice n, generate_series(1, 3) AS k
            """
        )
        counts["objections"] = cur.rowcount
        cur.execute(
            """
            SELECT r.entry_id, r.c, e.worker_id, r.tier_id, r.rank, ti.name, c.title,
                   c.year, u.real_name, p.opens
            FROM ranked r JOIN plan p ON p.c = r.c AND p.state = 'final'
            JOIN contests_entry e ON e.id = r.entry_id
            JOIN contests_tier ti ON ti.id = r.tier_id
            JOIN contests_contest c ON c.id = r.c
            JOIN accounts_user u ON u.id = e.worker_id
            ORDER BY r.c, r.track_id, r.rank
            """
        )
        winners = cur.fetchall()
        numbers = set()
        rows = []
        for entry, contest, worker, tier, rank, tier_name, title, year, name, opens in winners:
            number = new_certificate_number(year)
            while number in numbers:
                number = new_certificate_number(year)
            numbers.add(number)
            issued = opens + timedelta(days=71)
            rows.append(
                (
                    number,
                    name,
                    tier_name,
                    title,
                    "县总工会",
                    rank,
                    issued,
                    "",
                    issued + timedelta(hours=1),
                    "valid",
                    "",
                    contest,
                    entry,
                    worker,
                    tier,
                )
            )
        return copy_rows(
            cur,
            "publicity_certificate",
            [
                "number",
                "holder_name",
                "award_name",
                "contest_title",
                "issuer_name",
                "rank",
                "issued_at",
                "pdf",
                "notified_at",
                "status",
                "revoked_reason",
                "contest_id",
                "entry_id",
                "holder_id",
                "tier_id",
            ],
            rows,
        )

    counts["certificates"] = step("notices, certificates", publicity)

    # Notifications ---------------------------------------------------------------------
    def notifications():
        cur.execute(
            """
            INSERT INTO notifications_notification (kind, title, body, link, dedupe_key,
                send_email, send_sms, email_sent_at, sms_sent_at, read_at, created_at, user_id)
            SELECT 'entry_qualified', '报名已通过资格审查', '', '/entries/' || id || '/',
                   'entry_qualified:' || id, false, false, NULL::timestamptz,
                   NULL::timestamptz,
                   CASE WHEN id % 3 <> 0 THEN reviewed_at + interval '1 day' END,
                   reviewed_at, worker_id
            FROM contests_entry WHERE status = 'qualified'
            UNION ALL
            SELECT 'certificate_issued', '您的荣誉证书已签发', '',
                   '/certificates/' || number || '/',
                   'certificate:' || id, false, false, NULL, NULL, NULL, issued_at, holder_id
            FROM publicity_certificate
            """
        )
        return cur.rowcount

    counts["notifications"] = step("notifications", notifications)

    # Nominations -----------------------------------------------------------------------
    def nominations():
        n = 0
        for k, year in enumerate(plan.years, start=1):
            current = year == now.year
            cur.execute(
                "INSERT INTO nominations_nominationround (id, title, term, reference_date, "
                "exclusive_posts, notice_days, state, state_changed_at, created_at, updated_at,"
                " created_by_id) VALUES (%s, %s, %s, %s, %s, 5, %s, %s, %s, %s, 1)",
                [
                    k,
                    f"{year}年两代表一委员推荐",
                    f"{year}年换届",
                    date(year, 11, 1),
                    json.dumps([["peoples_congress", "cppcc"]]),
                    "open" if current else "final",
                    datetime(year, 11, 1, tzinfo=UTC),
                    datetime(year, 10, 1, tzinfo=UTC),
                    datetime(year, 11, 1, tzinfo=UTC),
                ],
            )
            for post in ("party_congress", "peoples_congress", "cppcc"):
                cur.execute(
                    "INSERT INTO nominations_postrule (post, quota, political_status, "
                    "union_member, require_award, round_id) VALUES "
                    "(%s, 10, '[]', false, true, %s)",
                    [post, k],
                )
            cur.execute(
                """
                INSERT INTO nominations_roundsource (weight, posts, contest_id, round_id)
                SELECT 1, '[]', c, %s FROM plan p JOIN contests_contest cc ON cc.id = p.c
                WHERE p.state = 'final' AND cc.year = %s ORDER BY c LIMIT 20
                """,
                [k, year],
            )
            cur.execute(
                """
                WITH best AS (
                  SELECT DISTINCT ON (e.worker_id) e.worker_id, r.entry_id, r.c, r.rank,
                         r.score, r.tier_id, ti.name AS tier_name
                  FROM ranked r JOIN nominations_roundsource s
                       ON s.contest_id = r.c AND s.round_id = %(k)s
                  JOIN contests_entry e ON e.id = r.entry_id
                  JOIN contests_tier ti ON ti.id = r.tier_id
                  ORDER BY e.worker_id, r.rank, r.score DESC
                ), ins AS (
                  INSERT INTO nominations_nomination (post, status, source, proposal_reason,
                      composite_score, best_rank, eligibility, checked_at, accepted,
                      responded_at, status_reason, rejected_stage, created_at, updated_at,
                      proposed_by_id, worker_id, round_id)
                  SELECT 'peoples_congress',
                         CASE WHEN %(current)s THEN 'eligible'
                              WHEN row_number() OVER (ORDER BY b.score DESC, b.worker_id) <= 10
                              THEN 'recommended' ELSE 'reserve' END,
                         'auto', '', b.score * 100 / 30, b.rank, '[]', %(at)s, NULL, NULL,
                         '', '', %(at)s, %(at)s, NULL, b.worker_id, %(k)s
                  FROM best b
                  RETURNING id, worker_id
                )
                INSERT INTO nominations_provenance (stage_score, max_score, rank, tier_name,
                    weight, created_at, contest_id, entry_id, nomination_id, stage_id, tier_id)
                SELECT b.score, 30, b.rank, b.tier_name, 1, %(at)s, b.c, b.entry_id, ins.id,
                       b.c, b.tier_id
                FROM ins JOIN best b ON b.worker_id = ins.worker_id
                """,
                {"k": k, "current": current, "at": datetime(year, 11, 1, tzinfo=UTC)},
            )
            n += cur.rowcount
        return n

    counts["nominations"] = step("nomination rounds", nominations)

    # Audit events: valid HMAC chains (global + one stream per judged contest) ---------
    def audit():
        key = settings.AUDIT_HMAC_KEY
        heads = {}

        def events():
            # Global stream: contests created, entries reviewed, scorecards submitted.
            # A second connection: COPY and a server-side cursor cannot share one.
            source = psycopg.connect(args.database_url)
            cur2 = source.cursor(name="audit_src")
            cur2.itersize = 20000
            cur2.execute(
                """
                SELECT 'global', created_at, created_by_id, 'contest.created', 'contests.contest',
                       id::text, jsonb_build_object('title', title) FROM contests_contest
                UNION ALL
                SELECT 'global', reviewed_at, 1, 'entry.qualified', 'contests.entry', id::text,
                       '{}'::jsonb FROM contests_entry WHERE status = 'qualified'
                UNION ALL
                SELECT 'global', s.submitted_at, a.judge_id, 'scorecard.submitted',
                       'judging.scorecard', s.id::text, jsonb_build_object('version', 1)
                FROM judging_scorecard s JOIN judging_assignment a ON a.id = s.assignment_id
                WHERE s.state = 'submitted'
                UNION ALL
                SELECT 'contest:' || stage_id, computed_at, 1, 'results.computed',
                       'contests.stage', stage_id::text, jsonb_build_object('rows', 0)
                FROM judging_resultset
                ORDER BY 2, 6
                """
            )
            for stream, at, actor, action, otype, oid, data in cur2:
                seq, prev = heads.get(stream, (0, GENESIS_HASH))
                seq += 1
                label = f"user{actor}" if actor else ""
                content = canonical_content(
                    seq=seq,
                    created_at=at,
                    actor_id=actor,
                    actor_label=label,
                    action=action,
                    object_type=otype,
                    object_id=oid,
                    data=data,
                    reason="",
                    stream=stream,
                )
                digest = link_hash(key, content, prev)
                heads[stream] = (seq, digest)
                yield (
                    stream,
                    seq,
                    at,
                    actor,
                    label,
                    action,
                    otype,
                    oid,
                    json.dumps(data),
                    "",
                    prev,
                    digest,
                )
            cur2.close()
            source.close()

        copy_cursor = conn.cursor()
        n = copy_rows(
            copy_cursor,
            "audit_auditevent",
            [
                "stream",
                "seq",
                "created_at",
                "actor_id",
                "actor_label",
                "action",
                "object_type",
                "object_id",
                "data",
                "reason",
                "prev_hash",
                "hash",
            ],
            events(),
        )
        copy_rows(
            copy_cursor,
            "audit_audithead",
            ["stream", "last_seq", "last_hash"],
            ((s, seq, h) for s, (seq, h) in heads.items()),
        )
        return n

    counts["audit events"] = step("audit events", audit)

    def finish():
        # Sequences after explicit ids; statistics as autovacuum would have them.
        cur.execute(
            """
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = 'id'
              AND (is_identity = 'YES' OR column_default LIKE 'nextval%%')
        """,
            (),
        )
        for (table,) in cur.fetchall():
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('public.{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM public.{table}), 0) + 1, false)"
            )
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")

    step("sequences, VACUUM ANALYZE", finish)
    conn.close()
    counts["generation seconds"] = round(sum(timings.values()), 1)
    return counts


# --- measurement -----------------------------------------------------------------------


def pick(sql: str, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def cases():
    """(label, who, url, pinned queries or None)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    organizer = User.objects.get(username="org1")
    judge = User.objects.get(username="judge1")
    worker = User.objects.get(username="w1")
    judging = pick(
        "SELECT id FROM contests_contest WHERE state = 'judging' "
        "AND id %% 10 = 0 ORDER BY id DESC LIMIT 1"
    ) or pick("SELECT id FROM contests_contest WHERE state = 'judging' ORDER BY id DESC LIMIT 1")
    closed = pick(
        "SELECT id FROM contests_contest WHERE state = 'registration_closed' "
        "ORDER BY id DESC LIMIT 1"
    )
    final = pick("SELECT id FROM contests_contest WHERE state = 'final' ORDER BY id DESC LIMIT 1")
    in_notice = pick(
        "SELECT id FROM contests_contest WHERE state = 'in_notice' ORDER BY id DESC LIMIT 1"
    )
    notice = pick("SELECT id FROM publicity_notice WHERE contest_id = %s", [in_notice])
    # The review queue (submitted entries) with most entries waiting: a closed contest's
    # queue is empty here (all reviewed), which skipped the page's prefetches.
    queue = pick(
        "SELECT contest_id FROM contests_entry WHERE status = 'submitted' "
        "GROUP BY contest_id ORDER BY count(*) DESC, contest_id DESC LIMIT 1"
    ) or closed
    round_now = pick("SELECT max(id) FROM nominations_nominationround")
    # The board's fullest column of the last past round (an empty one lists nothing).
    column = pick(
        "SELECT status FROM nominations_nomination WHERE round_id = %s "
        "AND post = 'peoples_congress' GROUP BY status ORDER BY count(*) DESC LIMIT 1",
        [round_now - 1],
    ) or "eligible"
    # The busiest judge sits on no panel being judged: their latest card (read-only).
    assignment = pick(
        "SELECT a.id FROM judging_assignment a JOIN contests_contest c "
        "ON c.id = a.stage_id WHERE a.judge_id = %s "
        "ORDER BY c.state = 'judging' DESC, a.id DESC LIMIT 1",
        [judge.pk],
    )
    entry = pick(
        "SELECT id FROM contests_entry WHERE worker_id = %s ORDER BY id DESC LIMIT 1", [worker.pk]
    )
    certificate = pick(
        "SELECT number FROM publicity_certificate WHERE holder_id = %s ORDER BY id LIMIT 1",
        [worker.pk],
    )
    O, J, W, A = organizer, judge, worker, None  # noqa: E741
    return [
        # API: list endpoints
        ("api users", O, "/api/users/", 2),
        ("api users ?role=worker&search", O, "/api/users/?role=worker&search=王伟", 2),
        ("api enterprises", W, "/api/enterprises/", 2),
        ("api contests (anonymous)", A, "/api/contests/", 7),
        ("api contests (organizer)", O, "/api/contests/", 7),
        ("api contest entries", O, f"/api/contests/{judging}/entries/", 5),
        ("api contest entries (worker)", W, f"/api/contests/{final}/entries/", None),
        ("api assignments (judge)", J, "/api/assignments/", None),
        ("api scorecards (judge)", J, "/api/scorecards/", None),
        ("api scorecards (organizer)", O, "/api/scorecards/", None),
        ("api contest progress", O, f"/api/contests/{judging}/progress/", None),
        ("api contest consistency", O, f"/api/contests/{judging}/consistency/", None),
        ("api contest results", A, f"/api/contests/{final}/results/", None),
        ("api contest results (org)", O, f"/api/contests/{in_notice}/results/", None),
        ("api notices", A, "/api/notices/", 2),
        ("api notice detail", A, f"/api/notices/{notice}/", None),
        ("api objections", O, "/api/objections/", 2),
        ("api certificates (organizer)", O, "/api/certificates/", 2),
        ("api certificates (worker)", W, "/api/certificates/", 2),
        ("api nomination rounds", O, "/api/nomination-rounds/", None),
        ("api round nominations", O, f"/api/nomination-rounds/{round_now - 1}/nominations/", 5),
        ("api my nominations", W, "/api/me/nominations/", None),
        ("api notifications", W, "/api/notifications/", 2),
        ("api notifications unread", W, "/api/notifications/unread-count/", None),
        ("api me", W, "/api/me/", None),
        # Public pages
        ("page /", A, "/", 3),
        ("page notice", A, f"/notices/{notice}/", 1),
        ("page notice objections", O, f"/notices/{notice}/objections/", None),
        ("page contest results", A, f"/contests/{final}/results/", 6),
        ("page verify", A, f"/verify/{certificate}", None),
        # Worker pages
        # w1 works for an enterprise: +1, its entries per contest (pinned at 13 too)
        ("page /contests/ (worker)", W, "/contests/", 13),
        ("page /contests/ (worker) page 2", W, "/contests/?page=2", 13),
        ("page /entries/ (worker)", W, "/entries/", 7),
        ("page entry (worker)", W, f"/entries/{entry}/", 6),
        ("page /notifications/", W, "/notifications/", 5),
        ("page /certificates/", W, "/certificates/", 5),
        ("page /me/", W, "/me/", None),
        ("page /me/nominations/", W, "/me/nominations/", None),
        # Judge pages
        ("page /judge/", J, "/judge/", "judge LIST"),
        ("page /judge/ page 2", J, "/judge/?page=2", "judge LIST"),
        ("page judge scoring", J, f"/judge/assignments/{assignment}/", "judge SCORING"),
        # Console
        ("console dashboard", O, "/console/", 8),
        ("console contests", O, "/console/contests/", 7),
        ("console contests page 2", O, "/console/contests/?page=2", 7),
        ("console contest", O, f"/console/contests/{closed}/", 12),
        ("console entries queue", O, f"/console/contests/{queue}/entries/", 13),
        # judged criteria only: pinned as _judging_no_objective (27 with objective ones)
        ("console judging", O, f"/console/contests/{judging}/judging/", 24),
        ("console plots", O, f"/console/contests/{judging}/plots/", 15),  # as _plots
        ("console results", O, f"/console/contests/{in_notice}/results/", 14),
        # a contest with its stage: pinned as _publication_with_stages
        ("console publication", O, f"/console/contests/{in_notice}/publication/", 12),
        ("console notices", O, "/console/notices/", 4),
        ("console certificates", O, "/console/certificates/", 4),
        ("console people", O, "/console/people/", 5),
        # the console's name search (the API's user list has no search parameter: the
        # "search" above is ignored there)
        ("console people ?q=王伟", O, "/console/people/?q=王伟", 5),
        ("console enterprises", O, "/console/people/enterprises/", 5),
        ("console nomination rounds", O, "/console/nominations/", 7),  # with sources
        # a final round: pinned as _nomination_board_final / _nomination_column_final
        (
            "console nomination board",
            O,
            f"/console/nominations/{round_now - 1}/?post=peoples_congress",
            12,
        ),
        (
            "console nomination board, one column",
            O,
            f"/console/nominations/{round_now - 1}/?post=peoples_congress&status={column}",
            12,
        ),
        ("console audit", O, "/console/audit/", 5),
        ("console contest audit", O, f"/console/contests/{judging}/audit/", 12),
    ]


def judge_pins() -> dict:
    text = (ROOT / "tests/frontend/judge/test_query_counts.py").read_text()
    return {
        name: int(value)
        for name, value in re.findall(r"^(LIST|SCORING)_QUERIES\s*=\s*(\d+)", text, re.M)
    }


def rows_in(response) -> str:
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return "html"
    if isinstance(data, dict) and "results" in data:
        return f"{len(data['results'])}/{data.get('count', '?')}"
    if isinstance(data, list):
        return str(len(data))
    return "1"


def table_sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            "AND c.relkind = 'r'"
        )
        return dict(cursor.fetchall())


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(args, log) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    sizes = table_sizes()
    large = {name for name, n in sizes.items() if n > LARGE_TABLE}
    pins = judge_pins()
    explain_dir = Path(args.explain_dir)
    explain_dir.mkdir(parents=True, exist_ok=True)
    clients = {}
    out = []
    for label, user, url, pinned in cases():
        if (args.only and args.only not in label) or (args.skip and args.skip in label):
            continue
        if isinstance(pinned, str):
            pinned = pins.get(pinned.split()[1])
        # The API as its tests call it (force_authenticate: no session lookup), the pages
        # with a session (force_login), as theirs do: the counts compare with the pins.
        api = url.startswith("/api/")
        key = (api, user.pk if user else None)
        if key not in clients:
            if api:
                client = APIClient()
                client.force_authenticate(user)
            else:
                client = Client()
                if user:
                    client.force_login(user, backend="accounts.backends.UsernameOrPhoneBackend")
            clients[key] = client
        client = clients[key]
        client.get(url)  # warm-up (content types, the calendar, translations)
        times = []
        captured = None
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as capture:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            captured = capture.captured_queries
        median = statistics.median(times)
        slow = sorted(captured, key=lambda q: -float(q["time"]))[:3]
        seq_scans = set()
        slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        with open(explain_dir / f"{slug}.txt", "w") as fh:
            fh.write(
                f"# {label}: GET {url}\n# status {response.status_code}, "
                f"{len(captured)} queries, median {median:.1f} ms\n"
            )
            for q in slow:
                if not q["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                try:
                    plan = explain(q["sql"], ())
                except Exception as error:  # the captured SQL has its parameters inlined
                    plan = f"(not explained: {error})"
                    connection.rollback() if not connection.get_autocommit() else None
                for table in re.findall(r"Seq Scan on (\w+)", plan):
                    if table in large:
                        seq_scans.add(table)
                fh.write(f"\n## {float(q['time']) * 1000:.1f} ms\n{q['sql']}\n\n{plan}\n")
        row = {
            "label": label,
            "url": url,
            "status": response.status_code,
            "rows": rows_in(response),
            "queries": len(captured),
            "pinned": pinned,
            "ms": median,
            "seq_scans": sorted(seq_scans),
        }
        out.append(row)
        log(format_row(row))
    return out


def format_row(row: dict) -> str:
    pinned = "" if row["pinned"] is None else str(row["pinned"])
    flag = "" if row["status"] == 200 else f" STATUS {row['status']}"
    if row["pinned"] is not None and row["queries"] != row["pinned"]:
        flag += " QUERIES≠PINNED"
    if row["ms"] > 200:
        flag += " >200ms"
    if row["seq_scans"]:
        flag += " seqscan:" + ",".join(row["seq_scans"])
    return (
        f"{row['label']:34s} {row['rows']:>14s} {row['queries']:4d} {pinned:>6s} "
        f"{row['ms']:9.1f}{flag}"
    )


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.setdefault("CACHE_URL", "dummycache://")

    def log(text):
        print(text, flush=True)

    log(f"load before: {Path('/proc/loadavg').read_text().split()[:3]} on {os.cpu_count()} cores")
    created = create_database(args.database_url, args.reuse)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    try:
        call_command("migrate", verbosity=0)
        if created:
            log(
                f"generating ({args.workers} workers, {args.contests} contests, "
                f"{args.scorecards} scorecards)"
            )
            counts = generate(args, log)
            for name, n in counts.items():
                log(f"  {name:28s} {n:>12,}" if isinstance(n, int) else f"  {name}: {n}")
        log("")
        log(f"{'page / endpoint':34s} {'rows':>14s} {'qs':>4s} {'pinned':>6s} {'median ms':>9s}")
        results = measure(args, log)
        slow = [r for r in results if r["ms"] > 200]
        bad = [
            r
            for r in results
            if r["status"] != 200 or (r["pinned"] is not None and r["queries"] != r["pinned"])
        ]
        scans = [r for r in results if r["seq_scans"]]
        log(
            f"\n{len(results)} measured; over 200 ms: {len(slow)}; status/pinned count "
            f"problems: {len(bad)}; sequential scans of large tables: {len(scans)}"
        )
        log(f"load after: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        if not args.keep:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
