{#
    The warehouse's datasets are exactly `bronze`, `silver` and `gold` on every
    target (a design contract): a node's custom schema is used as is, with no
    target prefix. Nodes without one land in the target's schema (silver).
#}
{% macro generate_schema_name(custom_schema_name, node) -%}

    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}

{%- endmacro %}
