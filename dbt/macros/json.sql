{#
    JSON access that reads the same on both engines. `path` is a JSONPath such
    as '$.price' or '$."ce-id"'; the argument may be a JSON value or JSON text.

    json_text(json, path)    the scalar at `path` as text (null when absent)
    json_query(json, path)   the object or array at `path`, as JSON
    unnest_json_array(json, path, alias)
                             a `cross join` with one row per element of the
                             array at `path`; `alias` then names the element
#}

{% macro json_text(json, path) -%}
    {{ return(adapter.dispatch('json_text', 'fakestore')(json, path)) }}
{%- endmacro %}

{% macro default__json_text(json, path) -%}
    json_value({{ json }}, '{{ path }}')
{%- endmacro %}

{% macro duckdb__json_text(json, path) -%}
    json_extract_string({{ json }}, '{{ path }}')
{%- endmacro %}


{% macro json_query(json, path) -%}
    {{ return(adapter.dispatch('json_query', 'fakestore')(json, path)) }}
{%- endmacro %}

{% macro default__json_query(json, path) -%}
    json_query({{ json }}, '{{ path }}')
{%- endmacro %}

{% macro duckdb__json_query(json, path) -%}
    json_extract({{ json }}, '{{ path }}')
{%- endmacro %}


{% macro unnest_json_array(json, path, alias) -%}
    {{ return(adapter.dispatch('unnest_json_array', 'fakestore')(json, path, alias)) }}
{%- endmacro %}

{% macro default__unnest_json_array(json, path, alias) -%}
    cross join unnest(json_query_array({{ json }}, '{{ path }}')) as {{ alias }}
{%- endmacro %}

{% macro duckdb__unnest_json_array(json, path, alias) -%}
    cross join
        unnest(json_extract({{ json }}, '{{ path }}[*]')) as {{ alias }}s ({{ alias }})
{%- endmacro %}
