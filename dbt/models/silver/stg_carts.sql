{{
    config(
        materialized='table',
        cluster_by=on_bigquery(['cart_id']),
    )
}}

with

cart_events as (

    select * from {{ ref('stg_cart_events') }}

),

versions as (

    select
        *,

        row_number() over (
            partition by cart_id
            order by cart_version desc, published_at desc, event_id desc
        ) as version_rank,

        min(detected_at) over (
            partition by cart_id
        ) as first_detected_at,

        count(*) over (
            partition by cart_id
        ) as count_events

    from cart_events

    where cart_id is not null

),

current_state as (

    select

        ---------- ids
        cart_id,
        user_id,
        event_id as last_event_id,

        ---------- numerics
        cart_version,
        count_events,

        ---------- text
        event_type as last_event_type,

        ---------- json
        products_json,

        ---------- dates
        cart_date,

        ---------- timestamps
        first_detected_at,
        detected_at as updated_at,

        ---------- booleans
        event_type = 'cart_deleted' as is_deleted

    from versions

    where version_rank = 1

)

select * from current_state
