{#
    decimal_type(kind): the SQL type of a decimal column of `kind` (money,
    rating, coordinate, ratio) on the current adapter, from the project var
    `decimal_types`. Gold contracts read the same var:
        data_type: "{{ var('decimal_types')[target.type].money }}"
#}
{% macro decimal_type(kind) -%}
    {{ return(var('decimal_types')[target.type][kind]) }}
{%- endmacro %}
