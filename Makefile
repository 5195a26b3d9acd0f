# ghevents: GH Archive hours into a deduplicated DuckDB (local) or BigQuery (cloud) warehouse.
# `make help` lists the targets. Everything a target needs is installed on first use.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The bundled real hours (samples/README.md), loaded when no HOURS is given.
SAMPLE_HOURS := 2015-01-01-12,2021-07-21-6..2021-07-21-9
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
# them off (3-6x faster, gigabytes less memory; DESIGN.md section 6).
RUN_FLAGS := --enforceImmutability=false --enforceEncodability=false
JAVA_OPTS ?=

MVN := mvn -B -ntp -Dstyle.color=never
JAR := target/ghevents-bundled.jar
JAVA_SOURCES := $(shell find src/main -type f 2>/dev/null)

.PHONY: help run test build fmt clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
	@echo
	@echo "  make run HOURS=2024-01-01-15            load one hour from GH Archive (needs the internet)"
	@echo "  make run HOURS=2024-01-01-0..2024-01-01-23 ARGS=--eventTypes=PushEvent"
	@echo "  Variables: HOURS SOURCE LAKE WAREHOUSE ARGS JAVA_OPTS (see README.md)"

build: $(JAR) ## Build the runnable (shaded) jar

$(JAR): pom.xml $(JAVA_SOURCES)
	$(MVN) -q -DskipTests package

run: $(JAR) ## Load HOURS (default: the bundled samples) into the lake and the DuckDB warehouse
	java $(JAVA_OPTS) -jar $(JAR) --source=$(SOURCE) --hours=$(HOURS) --lake=$(LAKE) \
	  --duckdbPath=$(WAREHOUSE) $(RUN_FLAGS) $(ARGS)

test: ## Build everything and run every test and static check
	$(MVN) verify

fmt: ## Format the Java sources (google-java-format)
	$(MVN) -q spotless:apply

clean: ## Remove build output and the local lake and warehouse
	$(MVN) -q clean
	rm -rf data
