{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='cart_id',
        on_schema_change='fail',
        cluster_by=on_bigquery(['cart_id']),
    )
}}

{#- on an incremental run: the events loaded since this model's latest row -#}
{%- set watermark = load_watermark(ref('stg_cart_events')) %}

with

cart_events as (

    select * from {{ ref('stg_cart_events') }}

    {% if watermark is not none %}

    where loaded_at > timestamp '{{ watermark }}'

    {% endif %}

),

new_states as (

    -- each new event, as the state it would set
    select
        cart_id,
        user_id,
        event_id as last_event_id,
        cart_version,
        1 as count_events,
        event_type as last_event_type,
        products_json,
        cart_date,
        detected_at as first_detected_at,
        detected_at as updated_at,
        published_at

    from cart_events

    where cart_id is not null

),

{% if watermark is not none %}

known_states as (

    -- the current state of the carts with new events (a late event may carry
    -- a lower version than the one already held: it must not win)
    select
        cart_id,
        user_id,
        last_event_id,
        cart_version,
        count_events,
        last_event_type,
        products_json,
        cart_date,
        first_detected_at,
        updated_at,
        published_at

    from {{ this }}

    where cart_id in (select new_states.cart_id from new_states)

),

{% endif %}

candidates as (

    select * from new_states

    {% if watermark is not none %}

    union all

    select * from known_states

    {% endif %}

),

versions as (

    select
        *,

        row_number() over (
            partition by cart_id
            order by cart_version desc, published_at desc, last_event_id desc
        ) as version_rank,

        min(first_detected_at) over (
            partition by cart_id
        ) as cart_first_detected_at,

        sum(count_events) over (
            partition by cart_id
        ) as cart_count_events

    from candidates

),

current_state as (

    select

        ---------- ids
        cart_id,
        user_id,
        last_event_id,

        ---------- numerics
        cart_version,
        cast(cart_count_events as int64) as count_events,

        ---------- text
        last_event_type,

        ---------- json
        products_json,

        ---------- dates
        cart_date,

        ---------- timestamps
        cart_first_detected_at as first_detected_at,
        updated_at,
        published_at,
        {{ run_loaded_at() }} as loaded_at,

        ---------- booleans
        last_event_type = 'cart_deleted' as is_deleted

    from versions

    where version_rank = 1

)

select * from current_state
