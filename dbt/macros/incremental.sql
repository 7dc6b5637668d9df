{#
    events_watermark(column): on an incremental run, the latest `column` already
    in this model minus `events_lookback_days`, as 'YYYY-MM-DD HH:MM:SS' (UTC);
    none on a full build or an empty model. It is read once, at compile time,
    so the filter it feeds is a constant: BigQuery prunes the day partitions of
    the bronze table, DuckDB skips the event log's older `date=` folders.
#}
{% macro events_watermark(column) -%}

    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}

    {%- set query -%}
        select max({{ column }}) as watermark from {{ this }}
    {%- endset -%}
    {%- set latest = run_query(query).columns[0].values()[0] -%}
    {%- if latest is none -%}
        {{ return(none) }}
    {%- endif -%}

    {%- set lookback = modules.datetime.timedelta(
        days=var('events_lookback_days') | int
    ) -%}
    {{ return((latest - lookback).strftime('%Y-%m-%d %H:%M:%S')) }}

{%- endmacro %}


{#
    events_since(watermark): the filter on bronze.cart_events_raw that keeps the
    events published at or after `watermark`; `true` when it is none.
#}
{% macro events_since(watermark) -%}
    {%- if watermark is none -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return(adapter.dispatch('events_since', 'fakestore')(watermark)) }}
{%- endmacro %}

{% macro default__events_since(watermark) -%}
    publish_time >= timestamp '{{ watermark }}'
{%- endmacro %}

{% macro duckdb__events_since(watermark) -%}
    {#- the log's date= folders first: DuckDB then skips the older files -#}
    (_partition_date >= date '{{ watermark[:10] }}' and publish_time >= timestamp '{{ watermark }}')
{%- endmacro %}
