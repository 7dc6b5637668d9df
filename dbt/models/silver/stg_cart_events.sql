{#- merge_update_condition (DuckDB; BigQuery's merge has no such option and
    rewrites the same value): the rows the lookback re-reads unchanged, most of
    them, are left alone rather than rewritten -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='event_id',
        merge_update_columns=['last_published_at'],
        merge_update_condition=(
            'DBT_INTERNAL_SOURCE.last_published_at'
            ' > DBT_INTERNAL_DEST.last_published_at'
        ),
        on_schema_change='fail',
        partition_by=on_bigquery({
            'field': 'published_at',
            'data_type': 'timestamp',
            'granularity': 'day',
        }),
        cluster_by=on_bigquery(['loaded_at', 'cart_id']),
    )
}}

{%- set watermark = events_watermark('published_at') %}

{#- the scalars read from each event: json_texts parses each JSON column once
    per row, where a json_text per field would parse it again for each
    (products_json, an array, is the one field read on its own) -#}
{%- set ce_paths = {
    'id': '$."ce-id"',
    'type': '$."ce-type"',
    'source': '$."ce-source"',
} %}
{%- set data_paths = {
    'cart_id': '$.cart_id',
    'user_id': '$.user_id',
    'version': '$.version',
    'after_date': '$.after.date',
    'before_date': '$.before.date',
    'detected_at': '$.detected_at',
} %}

with

source as (

    select * from {{ source('bronze', 'cart_events_raw') }}

    where {{ events_since(watermark) }}

),

parsed as (

    select
        *,
        {{ json_texts('attributes', ce_paths) }} as ce_texts,
        {{ json_texts('data', data_paths) }} as data_texts

    from source

),

renamed as (

    select

        ---------- ids
        {{ json_texts_item('ce_texts', ce_paths, 'id') }} as event_id,
        {{ try_cast(
            json_texts_item('data_texts', data_paths, 'cart_id'), 'int64'
        ) }} as cart_id,
        {{ try_cast(
            json_texts_item('data_texts', data_paths, 'user_id'), 'int64'
        ) }} as user_id,
        message_id,

        ---------- numerics
        {{ try_cast(
            json_texts_item('data_texts', data_paths, 'version'), 'int64'
        ) }} as cart_version,

        ---------- text
        {{ json_texts_item('ce_texts', ce_paths, 'type') }} as event_type,
        {{ json_texts_item('ce_texts', ce_paths, 'source') }} as event_source,
        subscription_name,

        ---------- json
        {{ json_query('data', '$.after.products') }} as products_json,

        ---------- dates
        cast(
            coalesce(
                {{ try_cast(
                    json_texts_item('data_texts', data_paths, 'after_date'),
                    'timestamp'
                ) }},
                {{ try_cast(
                    json_texts_item('data_texts', data_paths, 'before_date'),
                    'timestamp'
                ) }}
            ) as date
        ) as cart_date,

        ---------- timestamps
        {{ try_cast(
            json_texts_item('data_texts', data_paths, 'detected_at'),
            'timestamp'
        ) }} as detected_at,
        cast(publish_time as timestamp) as published_at

    from parsed

),

deliveries as (

    select
        *,

        row_number() over (
            partition by event_id
            order by published_at asc, message_id asc
        ) as delivery_number,

        max(published_at) over (
            partition by event_id
        ) as last_published_at

    from renamed

    where event_id is not null

),

deduplicated as (

    select
        event_id,
        cart_id,
        user_id,
        message_id,
        cart_version,
        event_type,
        event_source,
        subscription_name,
        products_json,
        cart_date,
        detected_at,
        published_at,
        last_published_at,
        {{ run_loaded_at() }} as loaded_at

    from deliveries

    where delivery_number = 1

)

select * from deduplicated
