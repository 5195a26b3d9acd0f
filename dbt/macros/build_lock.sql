{#- At most one dbt build at a time. Two builds at once would share their models' __dbt_tmp
    tables, and one build's forget_old_windows (on-run-end) would delete the other's pending read
    windows. dbt/build.sh takes this lock before `dbt build` and gives it back after; a build that
    finds it held exits without building. Nothing is lost by that: a build's read window is fixed
    when it starts (the newest commit in the ledger then, macros/watermarks.sql), so the next build
    reads whatever the skipped one would have.

    The lock is one row, made with the table (create ... as select is one atomic statement, so two
    first builds cannot make two rows), taken by an update that only succeeds while it is free or
    expired: BigQuery runs standalone updates of one table one after another, DuckDB lets one
    process write the file. A build that dies keeps it until it expires (`minutes`, longer than a
    build's time-out). -#}

{% macro build_lock_relation() -%}
  {{ return(api.Relation.create(
      database=target.database,
      schema=generate_schema_name('analytics', none),
      identifier='_ghevents_build_lock')) }}
{%- endmacro %}

{#- dbt run-operation take_build_lock --args "{holder: BUILD_ID, minutes: 65}": prints
    "ghevents-build-lock: taken by HOLDER" or "ghevents-build-lock: held by OTHER since T until U". -#}
{% macro take_build_lock(holder, minutes) -%}
  {%- if not modules.re.match('^[A-Za-z0-9_.:-]{1,128}$', holder | string) -%}
    {{ exceptions.raise_compiler_error("take_build_lock: holder must be a build id, not '" ~ holder ~ "'") }}
  {%- endif -%}
  {%- set lock = build_lock_relation() -%}
  {%- if not adapter.check_schema_exists(lock.database, lock.schema) -%}
    {%- do adapter.create_schema(lock) -%}
  {%- endif -%}
  {%- do run_query(
      "create table if not exists " ~ lock ~ " as select 'build' as lock_name, cast(null as "
      ~ dbt.type_string() ~ ") as holder, cast(null as " ~ dbt.type_timestamp() ~ ") as held_since, cast(null as "
      ~ dbt.type_timestamp() ~ ") as held_until") -%}
  {%- do run_query(
      "update " ~ lock ~ " set holder = '" ~ holder ~ "', held_since = " ~ dbt.current_timestamp()
      ~ ", held_until = " ~ dbt.dateadd('minute', minutes | int, dbt.current_timestamp())
      ~ " where holder is null or holder = '" ~ holder ~ "' or held_until < " ~ dbt.current_timestamp()) -%}
  {%- set row = run_query(
      "select holder, cast(held_since as " ~ dbt.type_string() ~ "), cast(held_until as "
      ~ dbt.type_string() ~ ") from " ~ lock).rows[0] -%}
  {%- if row[0] == holder -%}
    {%- do print("ghevents-build-lock: taken by " ~ holder) -%}
  {%- else -%}
    {%- do print("ghevents-build-lock: held by " ~ row[0] ~ " since " ~ row[1] ~ " until " ~ row[2]) -%}
  {%- endif -%}
{%- endmacro %}

{#- dbt run-operation give_back_build_lock --args "{holder: BUILD_ID}" -#}
{% macro give_back_build_lock(holder) -%}
  {%- do run_query(
      "update " ~ build_lock_relation() ~ " set holder = null, held_since = null, held_until = null"
      ~ " where holder = '" ~ holder | replace("'", "") ~ "'") -%}
  {%- do print("ghevents-build-lock: given back by " ~ holder) -%}
{%- endmacro %}
