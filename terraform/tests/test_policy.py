"""Policy tests over the parsed Terraform, the Cloud Build configs and the template's metadata.

They read the files as data (python-hcl2, PyYAML, json): no cloud, no provider needed.
"""

import datetime
import functools
import json
import os
import pathlib
import re

import hcl2
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
TF = ROOT / "terraform"
PRIMITIVE_ROLES = {"roles/owner", "roles/editor", "roles/viewer"}
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
# Roles a service account may hold on the whole project: each needs the project (jobs are billed
# to a project; Dataflow and logging work project-wide). Everything else is granted on a resource.
PROJECT_ROLES = {
    "roles/dataflow.worker",
    "roles/dataflow.developer",
    "roles/bigquery.jobUser",
    "roles/logging.logWriter",
    # Workflows has no per-workflow IAM: invoking the launch workflow is granted on the project.
    "roles/workflows.invoker",
}
CLOUD_BUILD_BUILTINS = {
    "PROJECT_ID", "PROJECT_NUMBER", "BUILD_ID", "LOCATION", "COMMIT_SHA", "SHORT_SHA",
    "REVISION_ID", "REPO_NAME", "REPO_FULL_NAME", "BRANCH_NAME", "TAG_NAME", "TRIGGER_NAME",
}


def normalize(value):
    """python-hcl2 wraps every attribute value in a list: unwrap scalars, keep blocks as lists."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        if len(value) == 1 and not isinstance(value[0], dict):
            return normalize(value[0])
        return [normalize(v) for v in value]
    return value


def one(value):
    """An attribute map ({...}) reads like a one-block list: take the map."""
    return value[0] if isinstance(value, list) else value


@pytest.fixture(scope="module")
def tf():
    docs = {}
    for path in sorted(TF.glob("*.tf")):
        with open(path) as f:
            docs[path.name] = normalize(hcl2.load(f))
    return docs


def blocks(tf, kind):
    """(type, name, body) of every resource, or (name, body, None) of every variable/output."""
    for doc in tf.values():
        for entry in doc.get(kind, []):
            for first, rest in entry.items():
                if kind == "resource":
                    for name, body in rest.items():
                        yield first, name, body
                else:
                    yield first, rest, None


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_every_variable_is_typed_and_described(tf):
    variables = list(blocks(tf, "variable"))
    assert len(variables) >= 10
    for name, body, _ in variables:
        assert body.get("type"), f"variable {name} has no type"
        assert len(body.get("description", "")) > 20, f"variable {name} is not described"


def test_enum_variables_are_validated(tf):
    variables = {name: body for name, body, _ in blocks(tf, "variable")}
    for name in ("write_method", "dbt_hourly_models"):
        conditions = [v["condition"] for v in variables[name].get("validation", [])]
        assert any("contains(" in c for c in conditions), f"{name} accepts any value"


def test_every_output_is_described(tf):
    for name, body, _ in blocks(tf, "output"):
        assert body.get("description"), f"output {name} is not described"


def test_no_primitive_role_and_project_roles_only_where_needed(tf):
    for rtype, name, body in blocks(tf, "resource"):
        role = body.get("role")
        if role is None:
            continue
        assert role not in PRIMITIVE_ROLES, f"{rtype}.{name} grants {role}"
        if rtype == "google_project_iam_member":
            assert role in PROJECT_ROLES, f"{rtype}.{name}: {role} belongs on a resource"
    types = {rtype for rtype, _, _ in blocks(tf, "resource")}
    assert not types & {"google_project_iam_binding", "google_project_iam_policy"}, (
        "authoritative project IAM would remove other members")


def test_no_service_account_key(tf):
    types = {rtype for rtype, _, _ in blocks(tf, "resource")}
    assert "google_service_account_key" not in types


def test_each_role_has_its_own_service_account(tf):
    accounts = {name for rtype, name, _ in blocks(tf, "resource") if rtype == "google_service_account"}
    assert accounts == {"dataflow", "launcher", "dbt", "dashboard", "builder"}


def test_no_public_bucket_or_public_member(tf):
    for rtype, name, body in blocks(tf, "resource"):
        if rtype == "google_storage_bucket":
            assert body["public_access_prevention"] == "enforced", name
            assert body["uniform_bucket_level_access"] is True, name
        for text in strings(body):
            assert not any(p in text for p in PUBLIC_MEMBERS), f"{rtype}.{name} is public"


def test_dashboard_invokers_refuse_the_public():
    variables = (TF / "variables.tf").read_text()
    block = variables[variables.index('variable "dashboard_invokers"'):]
    pattern = re.search(r'can\(regex\("([^"]+)", m\)\)', block).group(1)
    assert re.search(pattern, "group:data@example.com")
    assert not re.search(pattern, "allUsers")
    assert not re.search(pattern, "allAuthenticatedUsers")


def test_lake_is_versioned_and_grows_colder(tf):
    lake = next(b for t, n, b in blocks(tf, "resource") if t == "google_storage_bucket" and n == "lake")
    assert lake["versioning"][0]["enabled"] is True
    classes = [r["action"][0].get("storage_class") for r in lake["lifecycle_rule"]]
    assert classes[:3] == ["NEARLINE", "COLDLINE", "ARCHIVE"]
    assert lake["force_destroy"] is False
    # A dead job's part files go after a week, and only those: the prefix is the lake's tmp/.
    scheduler = (TF / "scheduler.tf").read_text()
    root = re.search(r'lake\s*=\s*"gs://\$\{google_storage_bucket\.lake\.name\}/([^"]+)"', scheduler)
    deletes = [r for r in lake["lifecycle_rule"] if r["action"][0]["type"] == "Delete"]
    prefixed = [r for r in deletes if r["condition"][0].get("matches_prefix")]
    assert len(prefixed) == 1
    expected = root.group(1) + "/tmp/"
    # python-hcl2 gives a one-element list as its element
    assert prefixed[0]["condition"][0]["matches_prefix"] in (expected, [expected])
    assert prefixed[0]["condition"][0]["age"] == 7


def test_datasets_are_the_data_contracts_and_landing_expires(tf):
    datasets = {n: b for t, n, b in blocks(tf, "resource") if t == "google_bigquery_dataset"}
    assert set(datasets) == {"landing", "staging", "ops", "analytics"}
    assert "default_partition_expiration_ms" in datasets["landing"]
    for name, body in datasets.items():
        assert body["delete_contents_on_destroy"] is False, f"{name} could be deleted with its data"
    main = (TF / "main.tf").read_text()
    for dataset in ("gharchive_landing", "gharchive_staging", "gharchive_ops", "gharchive_analytics"):
        assert f'"{dataset}"' in main


def scheduler_parameters():
    text = (TF / "scheduler.tf").read_text()
    lines = text[text.index("parameters = {") :].splitlines()[1:]
    block = "\n".join(lines[: next(i for i, line in enumerate(lines) if line.strip() == "}")])
    return dict(re.findall(r"^\s*(\w+)\s*=\s*(.+?)\s*$", block, re.M))


def test_the_schedulers_launch_names_only_template_parameters():
    metadata = json.loads((ROOT / "templates" / "metadata.json").read_text())
    declared = {p["name"] for p in metadata["parameters"]}
    parameters = scheduler_parameters()
    assert parameters, "no parameters found in the launch body"
    assert set(parameters) <= declared, set(parameters) - declared
    assert parameters["hours"] == '"auto"'
    assert parameters["warehouse"] == '"BIGQUERY"'
    assert "publishTopic" in parameters, "the load must announce itself to start dbt"


def test_the_scheduler_runs_hourly_after_publication_and_retries(tf):
    job = next(
        b for t, n, b in blocks(tf, "resource") if t == "google_cloud_scheduler_job" and n == "hourly"
    )
    variables = {name: body for name, body, _ in blocks(tf, "variable")}
    minute, rest = str(variables["schedule"]["default"]).split(" ", 1)
    assert rest == "* * * *" and 5 <= int(minute) <= 30, "hourly, after GH Archive publishes"
    assert job["retry_config"][0]["retry_count"] >= 1
    assert job["http_target"][0]["oauth_token"][0]["service_account_email"]
    assert "google_workflows_workflow.hourly_launch.id" in job["http_target"][0]["uri"]


def planned(kind):
    """The planned values of every resource of `kind`, from the offline `terraform plan` that
    make infra-test writes (TF_PLAN_JSON)."""
    path = os.environ.get("TF_PLAN_JSON")
    assert path, "run through make infra-test, which plans the example deployment offline"
    plan = json.loads(pathlib.Path(path).read_text())
    return [r["values"] for r in plan["planned_values"]["root_module"]["resources"] if r["type"] == kind]


@functools.cache
def workflow_steps():
    (workflow,) = planned("google_workflows_workflow")
    assert workflow["source_contents"], "the workflow's text is known at plan time"
    source = yaml.safe_load(workflow["source_contents"])
    return tuple((name, body) for step in source["main"]["steps"] for name, body in step.items())


def evaluate(expression):
    """A Workflows expression of the launch's plan step, for a given sys.now(): the few standard
    library functions it uses, as Google's reference defines them."""
    text = expression.strip()
    assert text.startswith("${") and text.endswith("}"), text
    body = text[2:-1]
    for name, python in (("text.substring", "_substring"), ("text.replace_all", "_replace_all"),
                         ("time.format", "_format"), ("sys.now", "_now"), ("string", "str")):
        body = re.sub(r"(?<![\w.])" + re.escape(name) + r"\(", python + "(", body)
    return body


def run_plan_step(now):
    steps = dict(workflow_steps())
    scope = {
        "_substring": lambda s, a, b: s[a:b],
        "_replace_all": lambda s, a, b: s.replace(a, b),
        "_format": lambda seconds: datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "_now": lambda: now.timestamp(),
        "int": int, "str": str,
    }
    values = {}
    for assignment in steps["plan"]["assign"]:
        (name, expression), = assignment.items()
        if isinstance(expression, str):
            values[name] = eval(evaluate(expression), {**scope, **values})  # noqa: S307
        else:
            values[name] = expression
    return values


def test_the_hourly_launch_is_named_after_its_hour_and_waits_for_it_to_be_published(tf):
    # Dataflow refuses a second active job of one name: a retried launch of the same hour is
    # refused instead of starting a second job, and the next hour's launch has a name of its own.
    at = run_plan_step(datetime.datetime(2024, 1, 1, 16, 15, 4, tzinfo=datetime.timezone.utc))
    assert at["hourName"] == "2024-01-01-15", "GH Archive's name: the hour not zero-padded"
    assert at["jobName"] == "ghevents-hourly-2024010115"
    early = run_plan_step(datetime.datetime(2024, 3, 9, 6, 59, 59, tzinfo=datetime.timezone.utc))
    assert early["hourName"] == "2024-03-09-5" and early["jobName"] == "ghevents-hourly-2024030905"
    retry = run_plan_step(datetime.datetime(2024, 1, 1, 16, 44, 0, tzinfo=datetime.timezone.utc))
    assert retry["jobName"] == at["jobName"], "a retry within the hour has the same name"
    names = [name for name, _ in workflow_steps()]
    assert names == ["plan", "waitForPublication", "unpublished", "launch", "done"]
    steps = dict(workflow_steps())
    loop = steps["waitForPublication"]["for"]
    ask = loop["steps"][0]["ask"]
    head = ask["try"]["steps"][0]["head"]
    assert head["call"] == "http.request" and head["args"]["method"] == "HEAD"
    assert "data.gharchive.org" in head["args"]["url"]
    assert "e.code != 404" in str(ask["except"]), "only a 404 means not published yet"
    assert loop["range"] == [1, 4]
    assert "not(published)" in str(steps["unpublished"]), "no launch for an unpublished hour"
    launch = steps["launch"]
    assert launch["try"]["call"].endswith("flexTemplates.launch")
    assert launch["try"]["args"]["body"]["launchParameter"]["jobName"] == "${jobName}"
    assert "e.code == 409" in str(launch["except"]), "a launch refused as a duplicate is launched"
    assert launch["retry"] == "${http.default_retry}" and ask["retry"] == "${http.default_retry}"
    (workflow,) = resource(tf, "google_workflows_workflow")
    assert "google_service_account.launcher" in workflow["service_account"]


def test_the_dbt_triggers_read_the_repository_through_its_2nd_gen_link(tf):
    for trigger in resource(tf, "google_cloudbuild_trigger"):
        for block in ("source_to_build", "git_file_source"):
            body = trigger[block][0]
            assert "google_cloudbuildv2_repository.source.id" in body["repository"], block
            assert "uri" not in body, f"{block} mixes in the 1st-gen form"
    (repository,) = resource(tf, "google_cloudbuildv2_repository")
    assert "var.cloudbuild_connection" in repository["parent_connection"]
    deploy = (ROOT / "terraform" / "deploy.sh").read_text()
    assert "gcloud builds connections create github" in deploy


def substitutions_used(text):
    text = text.replace("$$", "")
    return set(re.findall(r"\$\{?(_[A-Z0-9_]+)\}?", text)) | {
        v for v in re.findall(r"\$\{([A-Z_]+)\}", text) if not v.startswith("_")
    }


@pytest.mark.parametrize(
    "config", ["cloudbuild.yaml", "dbt/cloudbuild.yaml", "templates/image.cloudbuild.yaml"]
)
def test_cloud_build_configs_parse_and_use_only_defined_substitutions(config):
    text = (ROOT / config).read_text()
    build = yaml.safe_load(text)
    assert build["steps"], config
    defined = set(build.get("substitutions", {}))
    for name in substitutions_used(text):
        assert name in defined or name in CLOUD_BUILD_BUILTINS, f"{config} uses undefined {name}"
    for name in defined:
        assert name.startswith("_"), f"{config}: user substitutions start with _"


def test_the_dbt_trigger_sets_what_the_dbt_build_needs(tf):
    trigger = next(b for t, n, b in blocks(tf, "resource") if t == "google_cloudbuild_trigger")
    build = yaml.safe_load((ROOT / "dbt" / "cloudbuild.yaml").read_text())
    given = set(one(trigger["substitutions"]))
    declared = set(build["substitutions"])
    assert given <= declared, given - declared
    needed = {k for k, v in build["substitutions"].items() if v == ""}
    assert needed <= given, needed - given
    assert trigger["git_file_source"][0]["path"] == "dbt/cloudbuild.yaml"
    assert "google_service_account.dbt" in trigger["service_account"]


def test_every_waived_checkov_check_says_why():
    for path in sorted(TF.glob("*.tf")):
        for line in path.read_text().splitlines():
            if "checkov:skip" in line:
                assert re.search(r"#checkov:skip=CKV_[A-Z0-9_]+:.{30,}", line), f"{path.name}: {line}"


def resource(tf, kind):
    return [b for t, n, b in blocks(tf, "resource") if t == kind]


def test_workers_have_a_private_subnet_with_nat_and_every_launch_uses_it(tf):
    (subnet,) = resource(tf, "google_compute_subnetwork")
    assert subnet["private_ip_google_access"] is True, "BigQuery and GCS without public IPs"
    (nat,) = resource(tf, "google_compute_router_nat")
    assert "google_compute_subnetwork.dataflow" in str(nat["subnetwork"]), "NAT for the subnet"
    (network,) = resource(tf, "google_compute_network")
    assert network["auto_create_subnetworks"] is False
    environment = (TF / "scheduler.tf").read_text()
    assert re.search(r"subnetwork\s*=\s*local\.dataflow_subnetwork", environment)
    assert re.search(r'ipConfiguration\s*=\s*"WORKER_IP_PRIVATE"', environment)
    makefile = (ROOT / "Makefile").read_text()
    assert "--subnetwork=$(SUBNETWORK)" in makefile and "--disable-public-ips" in makefile


def test_the_dbt_build_logs_to_cloud_logging_only():
    build = yaml.safe_load((ROOT / "dbt" / "cloudbuild.yaml").read_text())
    assert build["options"]["logging"] == "CLOUD_LOGGING_ONLY"
    assert "logsBucket" not in build, "the dbt account has no role on any logs bucket"


def test_workers_cannot_rewrite_the_template_spec(tf):
    work = [
        b
        for t, n, b in blocks(tf, "resource")
        if t == "google_storage_bucket_iam_member"
        and "google_service_account.dataflow" in str(b["member"])
        and "google_storage_bucket.work" in str(b["bucket"])
    ]
    assert len(work) == 1
    expression = work[0]["condition"][0]["expression"]
    assert "/objects/staging/" in expression and "/objects/temp/" in expression
    assert "templates/" not in expression


def test_hourly_dbt_builds_test_recent_rows_and_a_daily_build_tests_everything(tf):
    (builds,) = [doc["locals"] for doc in tf.values() if "locals" in doc and "dbt_builds" in str(doc["locals"])]
    dbt_builds = one(one(builds)["dbt_builds"])
    assert {k: one(v)["full_test"] for k, v in dbt_builds.items()} == {
        "after-load": "", "daily-full-test": "1"
    }
    # The daily build rebuilds everything; the hourly one may leave the whole-history models to it.
    assert one(dbt_builds["daily-full-test"])["exclude"] == ""
    assert "local.dbt_daily_only" in one(dbt_builds["after-load"])["exclude"]
    (daily,) = [b for t, n, b in blocks(tf, "resource") if t == "google_cloud_scheduler_job" and n == "dbt_daily"]
    assert "google_pubsub_topic.dbt_daily" in daily["pubsub_target"][0]["topic_name"]
    variables = {name: body for name, body, _ in blocks(tf, "variable")}
    minute, hour, rest = str(variables["dbt_full_test_schedule"]["default"]).split(" ", 2)
    assert rest == "* * *" and minute.isdigit() and hour.isdigit(), "once a day"
    build = (ROOT / "dbt" / "cloudbuild.yaml").read_text()
    assert 'if [ -z "${_FULL_TEST}" ]' in build and "export TEST_LOADED_SINCE=" in build
    assert "./build.sh" in build, "every build goes through the build lock"
    script = (ROOT / "dbt" / "build.sh").read_text()
    assert "--vars \"{test_loaded_since: '$TEST_LOADED_SINCE'}\"" in script
