-- The repositories that gained the most stars per day, top N (var top_n) per day.
with

stars as (
    select * from {{ ref('fct_stars') }}
),

per_day as (
    select
        cast(created_at as date) as event_date,
        repo_id,
        {{ latest('repo_name', 'created_at') }} as repo_name,
        count(*) as stars
    from stars
    group by 1, 2
),

ranked as (
    select
        *,
        row_number() over (partition by event_date order by stars desc, repo_name asc) as rank_in_day
    from per_day
)

select * from ranked
where rank_in_day <= {{ var('top_n') }}
