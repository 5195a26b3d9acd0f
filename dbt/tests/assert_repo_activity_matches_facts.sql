-- The repository page's daily counts equal the facts': per repository and day, the events, pushes
-- and pull requests opened in repo_activity_daily are those of fct_events and fct_pull_requests.
-- With the var test_loaded_since, only the days of the rows loaded since then are compared.
with

recent_days as (
    select distinct cast(created_at as date) as activity_date
    from {{ ref('fct_events') }}
    where {{ loaded_since_filter() }}
),

facts as (
    select
        events.repo_id,
        cast(events.created_at as date) as activity_date,
        count(*) as events,
        count(case when events.event_type = 'PushEvent' then 1 end) as pushes
    from {{ ref('fct_events') }} as events
    where
        events.repo_id is not null
        and cast(events.created_at as date) in (select recent_days.activity_date from recent_days)
    group by 1, 2
),

opened as (
    select
        repo_id,
        cast(created_at as date) as activity_date,
        count(*) as pull_requests_opened
    from {{ ref('fct_pull_requests') }}
    where is_opened and repo_id is not null
    group by 1, 2
),

page as (
    select * from {{ ref('repo_activity_daily') }}
    where activity_date in (select recent_days.activity_date from recent_days)
)

select
    coalesce(facts.repo_id, page.repo_id) as repo_id,
    coalesce(facts.activity_date, page.activity_date) as activity_date,
    facts.events as events_in_facts,
    page.events as events_on_page
from facts
full outer join page on facts.repo_id = page.repo_id and facts.activity_date = page.activity_date
left join opened on facts.repo_id = opened.repo_id and facts.activity_date = opened.activity_date
where
    facts.events is distinct from page.events
    or facts.pushes is distinct from page.pushes
    or coalesce(opened.pull_requests_opened, 0) is distinct from page.pull_requests_opened
