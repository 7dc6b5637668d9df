{#
    Fails on each combination of `columns` that appears more than once: the
    key test of a table whose grain is several columns.
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as count_rows

from {{ model }}

group by {{ columns | join(', ') }}

having count(*) > 1

{% endtest %}
