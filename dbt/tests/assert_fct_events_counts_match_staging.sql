-- Every event in staging reaches fct_events once: per event type, the counts are equal (with the
-- var test_loaded_since, over the rows loaded since then: a fact row keeps staging's loaded_at).
with

staging as (
    {%- for model in event_staging_models() %}
    {%- set table = model[4:] %}
    select type as event_type, count(*) as staged from {{ source('gharchive_staging', table) }}
    where {{ loaded_since_filter() }}
    group by type
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

facts as (
    select event_type, count(*) as in_facts from {{ ref('fct_events') }}
    where {{ loaded_since_filter() }}
    group by event_type
)

select
    coalesce(staging.event_type, facts.event_type) as event_type,
    staging.staged,
    facts.in_facts
from staging
full outer join facts on staging.event_type = facts.event_type
where staging.staged is null or facts.in_facts is null or staging.staged != facts.in_facts
