-- Pull requests merged per day and how long they took from opening to merge.
with

merged as (
    select * from {{ ref('fct_pull_requests') }}
    where is_merged and time_to_merge_seconds is not null
),

final as (
    select
        cast(merged_at as date) as merge_date,
        count(*) as merged_pull_requests,
        {{ percentile('time_to_merge_seconds / 3600.0', 0.5) }} as median_hours_to_merge,
        {{ percentile('time_to_merge_seconds / 3600.0', 0.9) }} as p90_hours_to_merge
    from merged
    group by 1
)

select * from final
