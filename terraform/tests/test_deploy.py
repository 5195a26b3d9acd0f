"""make deploy's plan (terraform/deploy.sh) with DRY_RUN=1: every step in the order the first
deploy needs, each with the account it runs as. Nothing is run."""

import os
import pathlib
import re
import subprocess

import hcl2

ROOT = pathlib.Path(__file__).resolve().parents[2]
TF = ROOT / "terraform"


def dry_run(*args, **env):
    run_env = dict(os.environ, DRY_RUN="1", GCP_PROJECT="my-project-1", TAG="abc1234")
    run_env.update(env)
    out = subprocess.run([str(TF / "deploy.sh"), *args], env=run_env, cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def steps(text):
    """(what, as whom, command) of each printed step."""
    found = re.findall(r"^step \d+: (.+)\n  as (.+)\n  \$ (.+)$", text, re.M)
    assert found, text
    return found


def addresses(kinds):
    out = set()
    for path in sorted(TF.glob("*.tf")):
        with open(path) as f:
            for entry in hcl2.load(f).get("resource", []):
                for rtype, named in entry.items():
                    if rtype in kinds:
                        out.update(f"{rtype}.{name}" for name in named)
    return out


def targets(command):
    return set(re.findall(r"-target=([\w.]+)", command))


def test_the_first_deploy_runs_its_steps_in_order_each_as_its_account():
    plan = steps(dry_run())
    whats = [what for what, _, _ in plan]
    order = ["the APIs", "the service accounts", "the buckets, the datasets", "push the launcher image",
             "dashboard image", "GitHub connection", "everything else"]
    positions = [next(i for i, w in enumerate(whats) if key in w) for key in order]
    assert positions == sorted(positions), whats
    for what, who, command in plan:
        if command.startswith("gcloud builds submit"):
            assert who.startswith("ghevents-builder@my-project-1.iam.gserviceaccount.com"), what
            assert "--service-account=projects/my-project-1/serviceAccounts/ghevents-builder@" in command
            assert "--gcs-source-staging-dir=gs://my-project-1-ghevents-work/source" in command
            assert "--config=templates/image.cloudbuild.yaml" in command
        else:
            assert who.startswith("you"), (what, who)
    apis, accounts, storage = (targets(plan[positions[i]][2]) for i in range(3))
    assert apis == {"google_project_service.apis"}
    assert accounts == addresses({"google_service_account", "google_project_iam_member",
                                  "google_service_account_iam_member"})
    # The builder can push and stage only once its grants on the repository and bucket exist.
    assert storage == addresses({"google_storage_bucket", "google_bigquery_dataset",
                                 "google_artifact_registry_repository",
                                 "google_storage_bucket_iam_member",
                                 "google_bigquery_dataset_iam_member",
                                 "google_artifact_registry_repository_iam_member"})
    last = plan[-1][2]
    assert "apply" in last and not targets(last), "the last apply is the whole configuration"
    scheduled = addresses({"google_cloud_scheduler_job", "google_workflows_workflow",
                           "google_cloudbuild_trigger"})
    for _, _, command in plan[:-1]:
        assert not targets(command) & scheduled, "nothing is scheduled before the images exist"
    assert "-var=dashboard_image_tag=abc1234" in last
    template = plan[positions[3]][2]
    assert "_IMAGE=us-central1-docker.pkg.dev/my-project-1/ghevents/ghevents-template:abc1234" in template
    assert "_TEMPLATE_SPEC=gs://my-project-1-ghevents-work/templates/ghevents.json" in template
    dashboard = plan[positions[4]][2]
    assert "--ignore-file=dashboard/.gcloudignore" in dashboard and "_DOCKERFILE=dashboard/Dockerfile" in dashboard


def test_make_template_is_the_template_step_alone():
    plan = steps(dry_run("template", TEMPLATE_BUCKET="my-bucket"))
    assert [what for what, _, _ in plan] == [
        "build the shaded jar the launcher image holds",
        "build and push the launcher image, stage the Flex Template spec",
    ]
    assert "--gcs-source-staging-dir=gs://my-bucket/source" in plan[1][2]


def test_every_image_build_logs_to_cloud_logging_only():
    import yaml

    for config in ("templates/image.cloudbuild.yaml", "cloudbuild.yaml", "dbt/cloudbuild.yaml"):
        build = yaml.safe_load((ROOT / config).read_text())
        assert build["options"]["logging"] == "CLOUD_LOGGING_ONLY", config
