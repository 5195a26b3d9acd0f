{#- A rank kept by a top-N filter lies in 1..top_n: the filter really filters. -#}
{% test accepted_range_1_to_top_n(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} < 1 or {{ column_name }} > {{ var('top_n') }}

{% endtest %}
