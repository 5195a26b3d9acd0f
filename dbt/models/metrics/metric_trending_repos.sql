-- Repositories by stars gained in the 7 days up to the newest day loaded, against the 7 days before.
with

stars as (
    select * from {{ ref('fct_stars') }}
),

newest as (
    select max(cast(created_at as date)) as newest_date from stars
),

windowed as (
    select
        stars.repo_id,
        stars.repo_name,
        stars.created_at,
        case
            when cast(stars.created_at as date) > {{ dbt.dateadd('day', -7, 'newest.newest_date') }}
                then 'current'
            when cast(stars.created_at as date) > {{ dbt.dateadd('day', -14, 'newest.newest_date') }}
                then 'previous'
        end as period,
        newest.newest_date
    from stars
    cross join newest
),

per_repo as (
    select
        repo_id,
        {{ latest('repo_name', 'created_at') }} as repo_name,
        max(newest_date) as as_of_date,
        sum(case when period = 'current' then 1 else 0 end) as stars_last_7_days,
        sum(case when period = 'previous' then 1 else 0 end) as stars_previous_7_days
    from windowed
    where period is not null
    group by 1
),

ranked as (
    select
        *,
        stars_last_7_days - stars_previous_7_days as star_growth,
        row_number() over (
            order by stars_last_7_days - stars_previous_7_days desc, stars_last_7_days desc, repo_name asc
        ) as trend_rank
    from per_repo
)

select * from ranked
