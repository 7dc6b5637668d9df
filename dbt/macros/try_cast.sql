{#
    try_cast(expression, type): the value as `type`, or null when it does not
    convert (a text price "abc", a string latitude "north"), instead of failing
    the whole model. DuckDB: try_cast; BigQuery: safe_cast.
#}
{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast', 'fakestore')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro bigquery__try_cast(expression, type) -%}
    safe_cast({{ expression }} as {{ type }})
{%- endmacro %}
