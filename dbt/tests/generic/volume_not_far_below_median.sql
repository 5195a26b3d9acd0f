{#- Flags the rows of `model` whose volume (`column_name`) falls below `min_ratio` times its trailing
    median (`median_column`): an hour that GH Archive lost most of, or that the pipeline half-loaded.
    Rows without a median (the first hours) are not judged. -#}
{% test volume_not_far_below_median(model, column_name, median_column, min_ratio=0.2) %}

select *
from {{ model }}
where {{ median_column }} is not null
    and {{ column_name }} < {{ min_ratio }} * {{ median_column }}

{% endtest %}
