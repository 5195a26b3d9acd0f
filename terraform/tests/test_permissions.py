"""The permission model (docs/PERMISSIONS.md) against the grants of terraform/iam.tf.

Every call an account makes must be allowed by a role Terraform grants that account on the
resource the call touches or above it (a role's permissions hold only where it is granted), and
every grant must be needed by a call. Role definitions: predefined-roles.json (see
docs/PERMISSIONS.md for its source and the roles relied on).
"""

import json
import pathlib
import re

import hcl2
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TF = ROOT / "terraform"
ROLES = json.loads((pathlib.Path(__file__).parent / "predefined-roles.json").read_text())["roles"]
# The roles docs/PERMISSIONS.md says the test relies on.
RELIED_ON = {
    "roles/dataflow.worker", "roles/dataflow.developer", "roles/bigquery.jobUser",
    "roles/bigquery.dataEditor", "roles/bigquery.dataViewer", "roles/storage.objectAdmin",
    "roles/storage.objectViewer", "roles/artifactregistry.reader", "roles/artifactregistry.writer",
    "roles/pubsub.publisher", "roles/iam.serviceAccountUser", "roles/workflows.invoker",
    "roles/logging.logWriter",
}
IAM_TYPES = {
    "google_project_iam_member": "project",
    "google_bigquery_dataset_iam_member": "dataset",
    "google_storage_bucket_iam_member": "bucket",
    "google_artifact_registry_repository_iam_member": "repository",
    "google_pubsub_topic_iam_member": "topic",
    "google_service_account_iam_member": "serviceAccount",
}


def value(v):
    """python-hcl2 wraps attribute values in one-element lists and strings in ${...}."""
    while isinstance(v, list) and len(v) == 1:
        v = v[0]
    return v


def resources():
    for path in sorted(TF.glob("*.tf")):
        with open(path) as f:
            doc = hcl2.load(f)
        for entry in doc.get("resource", []):
            for rtype, named in entry.items():
                for name, body in named.items():
                    yield rtype, name, body


def reference(text, kind):
    """The name in `kind.NAME.` inside a Terraform expression, e.g. the bucket of a grant."""
    found = re.findall(kind + r"\.([a-z_]+)\.", str(text))
    return found[0] if found else None


def grants():
    """(resource address, account, role, scope, prefixes or None) of every grant to an account."""
    out = []
    for rtype, name, body in resources():
        if rtype not in IAM_TYPES:
            continue
        account = reference(value(body.get("member")), "google_service_account")
        if account is None:
            continue  # people (the dashboard's invokers), not the deployment's accounts
        kind = IAM_TYPES[rtype]
        if kind == "project":
            targets = ["project"]
        elif kind == "dataset":
            each = value(body.get("for_each"))
            sources = each.values() if isinstance(each, dict) else [value(body["dataset_id"])]
            targets = ["dataset:" + reference(s, "google_bigquery_dataset") for s in sources]
        elif kind == "bucket":
            targets = ["bucket:" + reference(value(body["bucket"]), "google_storage_bucket")]
        elif kind == "repository":
            targets = [
                "repository:" + reference(value(body["repository"]), "google_artifact_registry_repository")
            ]
        elif kind == "topic":
            targets = ["topic:" + reference(value(body["topic"]), "google_pubsub_topic")]
        else:
            targets = ["serviceAccount:" + reference(value(body["service_account_id"]), "google_service_account")]
        prefixes = None
        condition = value(body.get("condition"))
        if condition:
            prefixes = re.findall(r"/objects/([^\"\\]+)", value(condition["expression"]))
            assert prefixes, f"{rtype}.{name}: a condition the model cannot read"
        for target in targets:
            out.append((f"{rtype}.{name}", account, value(body["role"]), target, prefixes))
    return out


def calls():
    """(account, when, call, permission, on) of every row of docs/PERMISSIONS.md's table."""
    rows = []
    for line in (ROOT / "docs" / "PERMISSIONS.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("account", "---") or set(cells[0]) <= {"-"}:
            continue
        rows.append(tuple(cells[:5]))
    return rows


def covers(grant, on):
    """Whether a grant's resource (and object prefixes) includes the resource a call touches."""
    _, _, _, scope, prefixes = grant
    if scope == "project":
        return True
    if on == scope:
        return prefixes is None
    if not on.startswith(scope + "/"):
        return False
    if prefixes is None:
        return True
    return any(on[len(scope) + 1:].startswith(p) for p in prefixes)


def allowed(call, granted):
    account, _, _, permission, on = call
    return [
        g for g in granted
        if g[1] == account and permission in ROLES[g[2]]["permissions"] and covers(g, on)
    ]


def problems(granted, needed):
    """What the check reports: calls no grant allows, and grants no call needs."""
    out = []
    for call in needed:
        if call[3] != "none" and not allowed(call, granted):
            out.append(f"{call[0]} calls {call[2]!r} ({call[1]}), which needs {call[3]} on {call[4]}:"
                       " no role granted to it there carries that permission")
    for g in granted:
        if not any(g in allowed(call, [g]) for call in needed):
            out.append(f"{g[0]} grants {g[2]} on {g[3]} to {g[1]}, which no call in"
                       " docs/PERMISSIONS.md needs")
    return out


def test_the_table_and_the_grants_are_read():
    needed = calls()
    assert len(needed) >= 50
    accounts = {name for rtype, name, _ in resources() if rtype == "google_service_account"}
    assert {c[0] for c in needed} == accounts, "a row for every account, and only for those"
    assert len(grants()) >= 25
    for call in needed:
        assert re.match(r"^[a-z]+(\.[a-zA-Z]+)+$|^none$", call[3]), call


def test_the_roles_relied_on_are_those_granted_and_known():
    used = {g[2] for g in grants()}
    assert used == RELIED_ON, used ^ RELIED_ON
    assert RELIED_ON <= set(ROLES), RELIED_ON - set(ROLES)


def test_every_call_is_allowed_and_every_grant_is_needed():
    assert problems(grants(), calls()) == []


@pytest.mark.parametrize("index", range(len(grants())))
def test_removing_any_grant_leaves_a_call_without_its_permission(index):
    granted = grants()
    removed = granted[index]
    found = problems(granted[:index] + granted[index + 1:], calls())
    assert found, f"nothing noticed {removed[0]} missing"
    assert any(removed[1] + " calls" in p for p in found), found


def test_a_grant_on_the_wrong_resource_is_not_enough():
    # The dbt account's dataEditor on analytics does not let it write staging.
    granted = [g for g in grants() if g[1] == "dbt"]
    call = ("dbt", "test", "a write", "bigquery.tables.updateData", "dataset:staging")
    assert not allowed(call, granted)
    # The builder's objectAdmin on the work bucket's templates/ does not reach staging/.
    granted = [g for g in grants() if g[1] == "builder"]
    call = ("builder", "test", "a write", "storage.objects.create", "bucket:work/staging/")
    assert not allowed(call, granted)


def test_no_account_may_create_a_dataset():
    for g in grants():
        if g[3] == "project":
            assert "bigquery.datasets.create" not in ROLES[g[2]]["permissions"], g
