{#
    Fails on the rows where `expression` is not true (as dbt_utils'
    expression_is_true, which this project cannot install offline).
    Nulls pass unless the expression says otherwise.
#}
{% test expression_is_true(model, expression, column_name=none) %}

select *

from {{ model }}

where not ({{ expression }})

{% endtest %}
