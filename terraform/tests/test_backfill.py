"""make backfill's plan (templates/backfill.sh) with DRY_RUN=1: one job per day, distinct names,
every hour once, done days skipped, bad hours refused. Nothing is launched."""

import os
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Dataflow's rule for job names.
JOB_NAME = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")


def plan(tmp_path, **env):
    run_env = dict(os.environ, DRY_RUN="1", GCP_PROJECT="my-project", TEMPLATE_BUCKET="work",
                   LAKE_GCS="gs://lake/gharchive", TOPIC="projects/my-project/topics/loads",
                   WORKER_SA="w@my-project.iam.gserviceaccount.com",
                   SUBNETWORK="regions/us-central1/subnetworks/ghevents-dataflow",
                   TERRAFORM=str(tmp_path / "no-terraform"))
    run_env.update(env)
    return subprocess.run([str(ROOT / "templates" / "backfill.sh")], env=run_env, cwd=ROOT,
                          capture_output=True, text=True)


def jobs(out):
    return [line for line in out.stdout.splitlines() if line.startswith("gcloud dataflow ")]


def hours_of(command):
    return re.search(r"hours=([0-9-]+)\.\.([0-9-]+)", command).groups()


def test_a_month_is_31_jobs_with_distinct_names_covering_every_hour_once(tmp_path):
    out = plan(tmp_path, FROM="2024-01-01-0", TO="2024-01-31-23")
    assert out.returncode == 0, out.stderr
    commands = jobs(out)
    assert len(commands) == 31
    names = [c.split()[4] for c in commands]
    assert len(set(names)) == 31
    assert all(JOB_NAME.match(n) for n in names), names
    assert hours_of(commands[0]) == ("2024-01-01-0", "2024-01-01-23")
    assert hours_of(commands[30]) == ("2024-01-31-0", "2024-01-31-23")
    for c in commands:
        assert "lake=gs://lake/gharchive" in c
        assert "publishTopic" not in c, "a day job starts no dbt build of its own"
        assert "--service-account-email=w@my-project.iam.gserviceaccount.com" in c
        assert "--disable-public-ips" in c and "--subnetwork=regions/us-central1/" in c
    # One dbt build for the whole backfill, after its last job.
    (publish,) = [line for line in out.stdout.splitlines() if line.startswith("gcloud pubsub")]
    assert "projects/my-project/topics/loads" in publish and "2024-01-01-0..2024-01-31-23" in publish
    assert "31 job(s) of up to 24 hour(s) planned" in out.stderr


def test_days_the_ledger_shows_done_are_skipped_and_smaller_jobs_on_request(tmp_path):
    done = tmp_path / "done.txt"
    done.write_text("".join(f"2024-01-02-{h}\n" for h in range(24)) + "2024-01-03-5\n")
    out = plan(tmp_path, FROM="2024-01-01-0", TO="2024-01-03-23", LOADED_HOURS_FILE=str(done))
    assert out.returncode == 0, out.stderr
    assert [hours_of(c)[0] for c in jobs(out)] == ["2024-01-01-0", "2024-01-03-0"]
    assert "2024-01-02-0..2024-01-02-23: skipped, every hour is done in the ledger" in out.stderr
    six = plan(tmp_path, FROM="2024-01-01-0", TO="2024-01-01-20", HOURS_PER_JOB="6")
    assert [hours_of(c) for c in jobs(six)] == [
        ("2024-01-01-0", "2024-01-01-5"), ("2024-01-01-6", "2024-01-01-11"),
        ("2024-01-01-12", "2024-01-01-17"), ("2024-01-01-18", "2024-01-01-20")]


def test_bad_hours_are_refused_before_anything_is_planned(tmp_path):
    padded = plan(tmp_path, FROM="2024-01-01-05", TO="2024-01-01-23")
    assert padded.returncode == 2 and "not zero-padded" in padded.stderr
    backwards = plan(tmp_path, FROM="2024-01-02-0", TO="2024-01-01-23")
    assert backwards.returncode == 2 and "is before" in backwards.stderr
    assert jobs(padded) == [] and jobs(backwards) == []


def test_make_backfill_passes_its_variables_to_the_plan():
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "backfill", "GCP_PROJECT=my-project",
         "FROM=2024-02-01-0", "TO=2024-02-29-23", "HOURS_PER_JOB=48", "DRY_RUN=1",
         "TEMPLATE_BUCKET=work"],
        cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    commands = jobs(out)
    assert len(commands) == 15, "29 days of 2024's February in jobs of two days"
    assert all("gs://work/templates/ghevents.json" in c for c in commands)
