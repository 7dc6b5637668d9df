{#
    on_bigquery(value): `value` on BigQuery, none elsewhere. For configs only
    BigQuery understands, so other adapters never see them:
        partition_by=on_bigquery({'field': 'cart_date', 'data_type': 'date'})
    (dbt-duckdb reads `partition_by` as DuckLake partitioning and would reject
    BigQuery's dict form.)
#}
{% macro on_bigquery(value) -%}
    {{ return(value if target.type == 'bigquery' else none) }}
{%- endmacro %}
