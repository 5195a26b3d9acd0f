# ghevents: GH Archive hours into a deduplicated DuckDB (local) or BigQuery (cloud) warehouse.
# `make help` lists the targets. Everything a target needs is installed on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

# The bundled real hours (samples/README.md), loaded when no HOURS is given.
SAMPLE_HOURS := 2015-01-01-12,2021-07-21-6..2021-07-21-9
HOURS_GIVEN := $(if $(filter undefined,$(origin HOURS)),,yes)
ifeq ($(origin HOURS), undefined)
  HOURS := $(SAMPLE_HOURS)
  SOURCE ?= samples
else
  SOURCE ?= https://data.gharchive.org
endif
LAKE ?= data/lake
WAREHOUSE ?= data/ghevents.duckdb
# Extra pipeline flags, e.g. ARGS="--eventTypes=PushEvent --maxErrorRatio=0.05".
ARGS ?=
# The DirectRunner's immutability and encodability checks are for tests: a production local run turns
# them off (3-6x faster, gigabytes less memory; docs/ARCHITECTURE.md, "Facts for speed and cost").
RUN_FLAGS := --enforceImmutability=false --enforceEncodability=false
# The JVM's heap for a local run: a unit of one 2024 hour (200K events, 750 MB of JSON) fits in
# 1 GB, and the whole run stays near 2 GB of memory (README, "Memory"). Not ParallelGC: its old
# generation is two thirds of the heap, too small for a 2024 hour at 1 GB.
JAVA_OPTS ?= -Xmx1g
PORT ?= 8501

MVN := mvn -B -ntp -Dstyle.color=never
JAR := target/ghevents-bundled.jar
JAVA_SOURCES := $(shell find src/main -type f 2>/dev/null)
# The JVM's archive of the pipeline's classes (AppCDS), recorded once per build by a run over one
# sample hour: each run then maps its classes instead of loading and verifying them, about 1-2 s
# less start (README, "Performance"). A missing or outdated archive is ignored without a word.
CDS := target/ghevents.jsa
CDS_OPTS = -XX:SharedArchiveFile=$(CDS) -Xlog:cds=off -Xlog:cds+dynamic=off
PIPELINE = java $(JAVA_OPTS) $(CDS_OPTS) -jar $(JAR) $(RUN_FLAGS)

# dbt, sqlfluff and pytest live in a virtualenv with the versions pinned in dbt/requirements.txt.
VENV := .venv
PY_DEPS := $(VENV)/.installed
# dbt runs from dbt/ on the `local` target unless DBT_TARGET says otherwise.
DBT_ENV = cd dbt && DBT_PROFILES_DIR=. GHEVENTS_DUCKDB=$(abspath $(1))
DBT := $(abspath $(VENV))/bin/dbt
# make test's own warehouse, so it never touches the one `make run` fills.
TEST_DIR := target/dbt-test

# Terraform itself, built from the Go module proxy (no Terraform registry or release downloads here);
# 1.5.7 is the newest whose go.mod `go install` accepts (later ones carry replace directives).
TERRAFORM := .tools/bin/terraform
TERRAFORM_VERSION := v1.5.7
# The google provider for `terraform validate`, built from the Go module proxy into a local plugin
# mirror (the proxy serves only pseudo-versions of it: this commit's CHANGELOG tops at 8.0.0).
TF_PROVIDER_COMMIT := v1.20.1-0.20260828184646-f3721fb45fa3
TF_PROVIDER_VERSION := 8.0.0
TF_MIRROR := .tools/terraform-plugins
TF_PROVIDER := $(TF_MIRROR)/registry.terraform.io/hashicorp/google/$(TF_PROVIDER_VERSION)/linux_amd64/terraform-provider-google_v$(TF_PROVIDER_VERSION)
TF_CLI_CONFIG := .tools/terraformrc
# checkov, python-hcl2 and pytest for the offline checks of terraform/, pinned in their own venv.
INFRA_VENV := .venv-infra
INFRA_DEPS := $(INFRA_VENV)/.installed

# goccy/bigquery-emulator, the local BigQuery of the Java tests (tools/bigquery-emulator/README.md).
EMULATOR := .tools/bin/bigquery-emulator
CLANG := /usr/bin/clang++

# Google Cloud (templates/README.md): the project, region and bucket the template is staged in.
GCP_PROJECT ?=
REGION ?= us-central1
TEMPLATE_BUCKET ?=
TAG ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
TEMPLATE_SPEC ?= gs://$(TEMPLATE_BUCKET)/templates/ghevents.json
# The template's parameters for a launch besides the hours, e.g. LAKE=gs://my-lake/gharchive.
LAKE_GCS ?= gs://$(TEMPLATE_BUCKET)/lake
# The Dataflow workers' service account and subnet (terraform output dataflow_service_account,
# dataflow_subnetwork); with a subnet the workers get no public IP and reach GH Archive by its NAT.
WORKER_SA ?=
SUBNETWORK ?=
LAUNCH_PARAMS ?= warehouse=BIGQUERY~lake=$(LAKE_GCS)~bigqueryProject=$(GCP_PROJECT)
require = $(foreach v,$(1),$(if $($(v)),,$(error $(v) is not set: see templates/README.md)))

.PHONY: help run test build fmt clean dbt-test dbt-docs dashboard dashboard-test contract bench fuzz emulator \
  template launch backfill infra-test deploy destroy cost

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'
	@echo
	@echo "  make run HOURS=2024-01-01-15            load one hour from GH Archive (needs the internet)"
	@echo "  make run HOURS=2024-01-01-0..2024-01-01-23 ARGS=--eventTypes=PushEvent"
	@echo "  Variables: HOURS SOURCE LAKE WAREHOUSE ARGS JAVA_OPTS (see README.md)"

build: $(JAR) ## Build the runnable (shaded) jar

$(JAR): pom.xml $(JAVA_SOURCES)
	$(MVN) -q -DskipTests package

# Written under a temporary name and moved, so a run starting meanwhile never maps half a file.
$(CDS): $(JAR)
	@echo "Recording the pipeline's classes into $@ for a faster start (once per build, ~10 s)..."
	rm -rf target/cds-training $@.tmp
	java $(JAVA_OPTS) -XX:ArchiveClassesAtExit=$@.tmp -Xlog:cds=off -Xlog:cds+dynamic=off \
	  -jar $(JAR) $(RUN_FLAGS) --source=samples --hours=2015-01-01-12 \
	  --lake=target/cds-training/lake --duckdbPath=target/cds-training/w.duckdb \
	  > target/cds-training.log 2>&1 || (cat target/cds-training.log; exit 1)
	mv $@.tmp $@

$(PY_DEPS): dbt/requirements.txt dashboard/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r dbt/requirements.txt \
	  -r dashboard/requirements.txt
	touch $@

# The browser test drives Debian's Chromium and ChromeDriver; installed once, as root or with sudo.
CHROMIUM := /usr/bin/chromium /usr/bin/chromedriver
$(CHROMIUM):
	@echo "Installing Debian's chromium and chromium-driver for the dashboard's browser test..."
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium chromium-driver

# ZetaSQL, inside the emulator, compiles with clang but not with Debian's GCC 12.
$(CLANG):
	@echo "Installing Debian's clang to build the BigQuery emulator..."
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq clang

$(TERRAFORM):
	@echo "Building Terraform $(TERRAFORM_VERSION) from the Go module proxy (once, ~3 min)..."
	GOBIN=$(abspath .tools/bin) go install github.com/hashicorp/terraform@$(TERRAFORM_VERSION)

$(TF_PROVIDER):
	@echo "Building the Terraform google provider $(TF_PROVIDER_VERSION) from the Go module proxy (once, ~7 min)..."
	GOBIN=$(abspath .tools/build) go install github.com/hashicorp/terraform-provider-google@$(TF_PROVIDER_COMMIT)
	mkdir -p $(dir $@)
	mv .tools/build/terraform-provider-google $@
	printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/google"]\n  }\n}\n' \
	  "$(abspath $(TF_MIRROR))" > $(TF_CLI_CONFIG)

$(INFRA_DEPS): terraform/requirements.txt
	python3 -m venv $(INFRA_VENV)
	$(INFRA_VENV)/bin/pip install -q --disable-pip-version-check -r terraform/requirements.txt
	touch $@

infra-test: $(TERRAFORM) $(TF_PROVIDER) $(INFRA_DEPS) ## The offline checks of terraform/ and the Cloud Build configs: fmt, validate, checkov, policy tests
	$(TERRAFORM) fmt -check -recursive -diff terraform
	@# validate in a copy, so init's .terraform/ and lock file never land in terraform/
	rm -rf target/terraform-validate && mkdir -p target && cp -r terraform target/terraform-validate
	rm -rf target/terraform-validate/tests target/terraform-validate/.terraform*
	TF_CLI_CONFIG_FILE=$(abspath $(TF_CLI_CONFIG)) $(TERRAFORM) -chdir=target/terraform-validate init -backend=false -input=false -no-color > /dev/null
	TF_CLI_CONFIG_FILE=$(abspath $(TF_CLI_CONFIG)) $(TERRAFORM) -chdir=target/terraform-validate validate -no-color
	@# The example deployment planned offline (no state, so nothing is read from Google; a token is
	@# needed only for the provider to start): the tests read the planned values, e.g. the workflow.
	cp terraform/terraform.tfvars.example target/terraform-validate/terraform.tfvars
	GOOGLE_OAUTH_ACCESS_TOKEN=offline TF_CLI_CONFIG_FILE=$(abspath $(TF_CLI_CONFIG)) $(TERRAFORM) \
	  -chdir=target/terraform-validate plan -refresh=false -input=false -no-color -out=plan.bin > target/terraform-plan.log
	TF_CLI_CONFIG_FILE=$(abspath $(TF_CLI_CONFIG)) $(TERRAFORM) -chdir=target/terraform-validate show -json plan.bin \
	  > target/terraform-plan.json
	$(INFRA_VENV)/bin/checkov -d terraform --framework terraform --quiet --compact --skip-download
	TF_PLAN_JSON=$(abspath target/terraform-plan.json) TERRAFORM=$(abspath $(TERRAFORM)) \
	  $(INFRA_VENV)/bin/pytest -q terraform/tests

emulator: $(EMULATOR) ## Build the BigQuery emulator the tests use (once; ~16 min, it compiles ZetaSQL)

$(EMULATOR): tools/bigquery-emulator/go.mod tools/bigquery-emulator/go.sum | $(CLANG)
	@echo "Building goccy/bigquery-emulator v0.6.6 from the Go module proxy (first time ~16 min)..."
	cd tools/bigquery-emulator && CGO_ENABLED=1 CC=clang CXX=clang++ \
	  go build -o $(abspath $(EMULATOR)) github.com/goccy/bigquery-emulator/cmd/bigquery-emulator

run: $(JAR) $(CDS) $(PY_DEPS) ## Load HOURS (default: the samples) into the lake and DuckDB, then build the dbt models
	$(PIPELINE) --source=$(SOURCE) --hours=$(HOURS) --lake=$(LAKE) --duckdbPath=$(WAREHOUSE) $(ARGS)
	@echo "Building the dbt models (dbt build: models, seeds, data and unit tests)..."
	@$(call DBT_ENV,$(WAREHOUSE)) $(DBT) build --no-use-colors | grep -E "Done\.|ERROR|FAIL|WARN"
	@echo "Models: schema gharchive_analytics in $(WAREHOUSE) (docs: make dbt-docs)"

test: $(PY_DEPS) $(CHROMIUM) $(EMULATOR) ## Build everything and run every test and check (Java, BigQuery emulator, dbt, SQL lint, dashboard)
	$(MVN) verify
	@echo "Fuzzing the line parser for 30 s (make fuzz: 10 min)..."
	JAZZER_FUZZ=1 $(MVN) -q surefire:test -Dtest='EventLineParserFuzzTest#neverThrowsAndAlwaysDecides'
	$(MAKE) --no-print-directory dbt-test
	$(MAKE) --no-print-directory dashboard-test
	$(MAKE) --no-print-directory infra-test

dbt-test: $(PY_DEPS) ## The dbt part of `make test` (needs the jar): models, tests, parse, lint, e2e
	rm -rf $(TEST_DIR)
	$(PIPELINE) --source=samples --hours=$(SAMPLE_HOURS) --lake=$(TEST_DIR)/lake \
	  --duckdbPath=$(TEST_DIR)/ghevents.duckdb > $(TEST_DIR).log 2>&1 || (cat $(TEST_DIR).log; exit 1)
	$(call DBT_ENV,$(TEST_DIR)/ghevents.duckdb) $(DBT) build --no-use-colors
	$(call DBT_ENV,$(TEST_DIR)/ghevents.duckdb) $(DBT) source freshness --no-use-colors
	$(call DBT_ENV,$(TEST_DIR)/ghevents.duckdb) GCP_PROJECT=ghevents-ci $(DBT) parse --target prod --no-use-colors
	$(call DBT_ENV,$(TEST_DIR)/ghevents.duckdb) ../$(VENV)/bin/sqlfluff lint models
	GHEVENTS_JAR=$(abspath $(JAR)) DBT=$(DBT) $(VENV)/bin/pytest -q dbt/e2e

dashboard-test: $(PY_DEPS) $(CHROMIUM) ## The dashboard part of `make test` (after dbt-test): AppTest, SQL, browser
	GHEVENTS_TEST_DUCKDB=$(abspath $(TEST_DIR))/ghevents.duckdb $(VENV)/bin/pytest -q dashboard/tests

dashboard: $(PY_DEPS) ## Serve the dashboard on http://localhost:8501 over the `make run` warehouse
	GHEVENTS_DUCKDB=$(abspath $(WAREHOUSE)) $(VENV)/bin/streamlit run dashboard/app.py \
	  --server.address=127.0.0.1 --server.port=$(PORT) --server.headless=true \
	  --browser.gatherUsageStats=false --client.toolbarMode=viewer

dbt-docs: $(PY_DEPS) ## Generate the dbt docs for the `make run` warehouse (dbt/target/index.html)
	$(call DBT_ENV,$(WAREHOUSE)) $(DBT) docs generate --no-use-colors

bench: $(JAR) $(CDS) ## Measure us against the floor and DuckDB on a 2024-size hour (EVENTS, REPS, VARIANTS)
	@command -v /usr/bin/time > /dev/null || $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq time
	$(MVN) -q test-compile
	PIPELINE_JAVA_OPTS="$${PIPELINE_JAVA_OPTS:-$(JAVA_OPTS) $(CDS_OPTS)}" bench/run.sh

cost: $(JAR) ## Print the monthly Google Cloud bill, item by item, from the cost model's named inputs (the README's table)
	$(MVN) -q test-compile
	java -cp $(JAR):target/test-classes dev.ghevents.cost.CostModel

fuzz: ## Fuzz the line parser with Jazzer for 10 minutes (crashes land in src/test/resources)
	$(MVN) -q test-compile
	JAZZER_FUZZ=1 $(MVN) -q surefire:test -Dtest='EventLineParserFuzzTest#neverThrowsAndAlwaysDecidesLong'

template: ## Build and push the launcher image and stage the Flex Template spec, on Cloud Build as the builder account
	$(call require,GCP_PROJECT TEMPLATE_BUCKET)
	GCP_PROJECT=$(GCP_PROJECT) REGION=$(REGION) TEMPLATE_BUCKET=$(TEMPLATE_BUCKET) TAG=$(TAG) \
	  $(if $(DRY_RUN),DRY_RUN=$(DRY_RUN)) terraform/deploy.sh template
	@echo "Template staged: $(TEMPLATE_SPEC)"

contract: ## Write dbt/models/_sources.yml from the data contract in Java (after changing Tables, EventTypes or HourStatus)
	$(MVN) -q test -Dtest=ContractConsistencyTest -Dcontract.write=true -Dsurefire.failIfNoSpecifiedTests=false

launch: ## Run the staged template once on Dataflow for HOURS (one hour, a list or A..B)
	$(call require,GCP_PROJECT TEMPLATE_BUCKET)
	$(if $(HOURS_GIVEN),,$(error HOURS is not set: e.g. make launch HOURS=2024-01-01-15))
	gcloud dataflow flex-template run "ghevents-$$(date -u +%Y%m%d-%H%M%S)" --project=$(GCP_PROJECT) \
	  --region=$(REGION) --template-file-gcs-location=$(TEMPLATE_SPEC) \
	  --temp-location=gs://$(TEMPLATE_BUCKET)/temp --staging-location=gs://$(TEMPLATE_BUCKET)/staging \
	  $(if $(WORKER_SA),--service-account-email=$(WORKER_SA)) \
	  $(if $(SUBNETWORK),--subnetwork=$(SUBNETWORK) --disable-public-ips) \
	  --parameters="^~^hours=$(HOURS)~$(LAUNCH_PARAMS)"

backfill: ## Load FROM..TO on Dataflow, a job a day (HOURS_PER_JOB), PARALLEL at a time; DRY_RUN=1 prints the jobs
	$(call require,FROM TO GCP_PROJECT)
	GCP_PROJECT=$(GCP_PROJECT) REGION=$(REGION) TERRAFORM=$(TERRAFORM) \
	  $(if $(TEMPLATE_BUCKET),TEMPLATE_BUCKET=$(TEMPLATE_BUCKET)) $(if $(WORKER_SA),WORKER_SA=$(WORKER_SA)) \
	  $(if $(SUBNETWORK),SUBNETWORK=$(SUBNETWORK)) $(if $(HOURS_PER_JOB),HOURS_PER_JOB=$(HOURS_PER_JOB)) \
	  $(if $(PARALLEL),PARALLEL=$(PARALLEL)) $(if $(DRY_RUN),DRY_RUN=$(DRY_RUN)) \
	  FROM=$(FROM) TO=$(TO) templates/backfill.sh

deploy: $(TERRAFORM) ## Create or update the whole GCP side, in order (terraform/deploy.sh); DRY_RUN=1 prints each step and its account
	$(call require,GCP_PROJECT)
	GCP_PROJECT=$(GCP_PROJECT) REGION=$(REGION) TERRAFORM=$(TERRAFORM) TAG=$(TAG) \
	  $(if $(DRY_RUN),DRY_RUN=$(DRY_RUN)) terraform/deploy.sh

destroy: $(TERRAFORM) ## Remove what deploy made; datasets and buckets that still hold data are refused by Google and stay
	$(TERRAFORM) -chdir=terraform destroy -input=false

fmt: ## Format the Java sources (google-java-format)
	$(MVN) -q spotless:apply

clean: ## Remove build output, the virtualenv, and the local lake and warehouse
	$(MVN) -q clean
	rm -rf data $(VENV) $(INFRA_VENV) dbt/target dbt/logs
