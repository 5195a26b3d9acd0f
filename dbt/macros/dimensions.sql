{#- The incremental dimensions (dim_actors, dim_repos): each merges what the new events of
    fct_events change into the rows of the keys they touch. The CTEs they share: `new_events`
    (the window's events), `known` (existing_rows: the dimension's rows of those keys) and
    `changed` (the new events per key). -#}

{#- The new events an earlier build has not counted yet: a window read again after a failed
    build counts nothing twice (commits are stamped in order, so a key's events are counted up to
    its loaded_through). -#}
{% macro not_counted_yet(key) -%}
  select new_events.*
  from new_events
  left join known on new_events.{{ key }} = known.{{ key }}
  where known.loaded_through is null or new_events.loaded_at > known.loaded_through
{%- endmacro %}

{#- Per key, what its new events say: the latest `name` (login or repository name), the first and
    last time seen, how many, and the newest loaded_at counted. -#}
{% macro seen_in_new_events(name) -%}
  {{ latest(name, 'created_at') }} as {{ name }},
  min(created_at) as first_seen_at,
  max(created_at) as last_seen_at,
  count(*) as events,
  max(loaded_at) as loaded_through
{%- endmacro %}

{#- What is known merged with what changed: the later name, the wider span, the events added. -#}
{% macro seen_merged(key, name) -%}
  changed.loaded_through,
  case
    when known.{{ key }} is null or changed.last_seen_at >= known.last_seen_at then changed.{{ name }}
    else known.{{ name }}
  end as {{ name }},
  case
    when known.first_seen_at < changed.first_seen_at then known.first_seen_at
    else changed.first_seen_at
  end as first_seen_at,
  case
    when known.last_seen_at > changed.last_seen_at then known.last_seen_at
    else changed.last_seen_at
  end as last_seen_at,
  changed.events + coalesce(known.events, 0) as events
{%- endmacro %}
