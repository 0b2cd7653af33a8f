"""Patient search at 100,000 patients: median time of representative searches, and the plan PostgreSQL uses.

Runs in a throwaway database, never the app's own: with DATABASE_URL pointing at PostgreSQL it creates a scratch
database beside it (and drops it afterwards); otherwise it uses a temporary SQLite file.

    .venv/bin/python benchmarks/patient_search.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/patient_search.py
    HARMONY_BENCH_PATIENTS=20000 ...                                   # a smaller run
"""

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

PATIENTS = int(os.environ.get("HARMONY_BENCH_PATIENTS", "100000"))
RUNS = 15
SEARCHES = [
    ("name fragments", "zoe mart"),
    ("accented name", "Núñez"),
    ("common fragment (many matches)", "mart"),
    ("rare full name", "amelie laurent"),
    ("two letters", "zo"),
    ("date of birth dd/mm/yyyy", "12/04/1988"),
    ("date of birth ISO", "1988-04-12"),
    ("phone, local form", "07700 900123"),
    ("phone fragment", "900123"),
]

GIVEN = [
    "Zoë",
    "Amélie",
    "Marcus",
    "Sofía",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Grace",
    "Noah",
    "Oliver",
    "George",
    "Leo",
    "Arthur",
    "Muhammad",
    "Harry",
    "Oscar",
    "Chloé",
    "Zoe",
    "Inès",
    "Léa",
    "Jürgen",
    "Søren",
    "Björn",
    "Małgorzata",
    "Agnieszka",
    "Siobhán",
    "Aoife",
    "Niamh",
    "Seán",
    "Priya",
    "Aarav",
    "Fatima",
    "Yusuf",
    "Hana",
    "Yuki",
    "Mei",
    "Wei",
    "Lucía",
    "Martina",
    "Mateo",
    "Thiago",
    "Élodie",
    "François",
]
SYLLABLES = [
    "mar",
    "tin",
    "lau",
    "rent",
    "nu",
    "ñez",
    "bri",
    "en",
    "o'",
    "smi",
    "th",
    "jo",
    "nes",
    "wil",
    "son",
    "tay",
    "lor",
    "da",
    "vies",
    "ev",
    "ans",
    "tho",
    "mas",
    "ro",
    "ber",
    "ts",
    "mül",
    "ler",
    "schmi",
    "dt",
    "ko",
    "wal",
    "ski",
    "gar",
    "cía",
    "fer",
    "nán",
    "dez",
    "lo",
    "pez",
    "dub",
    "ois",
    "le",
    "roy",
    "ros",
    "si",
    "ric",
    "ci",
]


def scratch_database_url() -> tuple[str, object]:
    """A DATABASE_URL for a throwaway database and a function that removes it."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        import psycopg2

        name = f"harmony_bench_{uuid.uuid4().hex[:10]}"
        parts = urlsplit(base)
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = tempfile.mkdtemp(prefix="harmony-bench-")
    path = Path(folder) / "bench.sqlite3"

    def remove():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        Path(folder).rmdir()

    return f"sqlite:///{path}", remove


def family_name(rng: random.Random) -> str:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return name[0].upper() + name[1:]


def populate(count: int) -> None:
    from patients.models import Patient, digits_only, fold_text

    rng = random.Random(20261124)
    start = date(1940, 1, 1)
    batch = []
    for i in range(count):
        given, family = rng.choice(GIVEN), family_name(rng)
        phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        batch.append(
            Patient(
                given_name=given,
                family_name=family,
                date_of_birth=start + timedelta(days=rng.randint(0, 365 * 65)),
                phone=phone,
                search_text=fold_text(f"{given} {family}"),
                phone_digits=digits_only(phone),
                is_archived=i % 50 == 0,
            )
        )
        if len(batch) == 5000:
            Patient.objects.bulk_create(batch)
            batch = []
    # The patients the searches look for, among the crowd.
    for given, family, dob, phone in [
        ("Zoë", "Martin", date(1988, 4, 12), "+44 7700 900123"),
        ("Amélie", "Laurent", date(1979, 9, 3), "+44 7700 900456"),
        ("Sofía", "Núñez", date(1995, 6, 18), "+44 7700 900321"),
    ]:
        batch.append(
            Patient(
                given_name=given,
                family_name=family,
                date_of_birth=dob,
                phone=phone,
                search_text=fold_text(f"{given} {family}"),
                phone_digits=digits_only(phone),
            )
        )
    Patient.objects.bulk_create(batch)


def main() -> None:
    url, cleanup = scratch_database_url()
    os.environ["DATABASE_URL"] = url
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from patients.selectors import parse_search_query, search_patients, search_queryset

        vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"Patient search benchmark on {vendor}, {PATIENTS:,} patients, median of {RUNS} runs")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        populate(PATIENTS)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk insert
        print(f"  (inserted in {time.perf_counter() - started:.1f} s)")

        print(f"  {'search':<32} {'query':<16} {'median ms':>10} {'max ms':>8} {'rows':>6}")
        for label, query in SEARCHES:
            timings = []
            rows = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                _, rows, more = search_patients(user=None, query=query)
                timings.append((time.perf_counter() - t0) * 1000)
            shown = f"{len(rows)}{'+' if more else ''}"
            print(f"  {label:<32} {query!r:<16} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {shown:>6}")

        if connection.vendor == "postgresql":
            for label, query in [("name fragments", "zoe mart"), ("phone fragment", "900123")]:
                qs = search_queryset(parse_search_query(query))[:51]
                print(f"\nEXPLAIN ANALYZE, {label} ({query!r}):")
                print(qs.explain(analyze=True))
        connection.close()
    finally:
        cleanup()


if __name__ == "__main__":
    main()
