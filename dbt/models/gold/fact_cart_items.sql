{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='cart_line_id',
        on_schema_change='fail',
        partition_by=on_bigquery({
            'field': 'cart_date',
            'data_type': 'date',
            'granularity': 'month',
        }),
        cluster_by=on_bigquery(['product_id', 'user_id']),
        pre_hook=[
            "{{ delete_rows_of_changed_carts(
                [ref('stg_cart_lines'), ref('stg_carts')]) }}",
        ],
    )
}}

{#- on an incremental run: the carts with lines or a state loaded since this
    model's latest row; the pre-hook has deleted their lines -#}
{%- set watermark = load_watermark(ref('stg_cart_lines')) %}

with

cart_lines as (

    select * from {{ ref('stg_cart_lines') }}

),

carts as (

    select * from {{ ref('stg_carts') }}

),

dim_products as (

    select * from {{ ref('dim_products') }}

),

dim_users as (

    select * from {{ ref('dim_users') }}

),

current_products as (

    select * from dim_products

    where is_current

),

current_users as (

    select * from dim_users

    where is_current

),

{% if watermark is not none %}

fact_cart_items as (

    select * from {{ this }}

),

repriced_lines as (

    -- lines priced at a product version, or keyed to a user version, that is
    -- no longer current: a batch run changed the product (its price) or user
    select fact_cart_items.cart_line_id

    from fact_cart_items

    left join current_products
        on fact_cart_items.product_sk = current_products.product_sk

    left join current_users
        on fact_cart_items.user_sk = current_users.user_sk

    where
        current_products.product_sk is null
        or current_users.user_sk is null

),

{% endif %}

lines_to_price as (

    select * from cart_lines

    {% if watermark is not none %}
    where
        -- the lines of the carts changed since the latest run (new, modified,
        -- re-created: the pre-hook deleted their previous lines)
        cart_id in (
            {{- changed_cart_ids(
                watermark, [ref('stg_cart_lines'), ref('stg_carts')]
            ) | indent(12) }}
        )
        or cart_line_id in (
            select repriced_lines.cart_line_id from repriced_lines
        )
    {% endif %}

),

priced_lines as (

    select
        lines_to_price.cart_line_id,
        lines_to_price.cart_id,
        lines_to_price.cart_version,
        lines_to_price.product_id,
        current_products.product_sk,
        carts.user_id,
        current_users.user_sk,
        carts.cart_date,
        lines_to_price.quantity,
        current_products.price as unit_price,
        carts.updated_at as cart_updated_at

    from lines_to_price

    inner join carts
        on lines_to_price.cart_id = carts.cart_id

    left join current_products
        on lines_to_price.product_id = current_products.product_id

    left join current_users
        on carts.user_id = current_users.user_id

    where not carts.is_deleted

),

final as (

    select
        cast(cart_line_id as string) as cart_line_id,
        cast(cart_id as int64) as cart_id,
        cast(cart_version as int64) as cart_version,
        cast(product_id as int64) as product_id,
        cast(product_sk as string) as product_sk,
        cast(user_id as int64) as user_id,
        cast(user_sk as string) as user_sk,
        cast(cart_date as date) as cart_date,
        cast(quantity as int64) as quantity,
        cast(unit_price as {{ decimal_type('money') }}) as unit_price,
        cast(
            quantity * unit_price as {{ decimal_type('money') }}
        ) as line_amount,
        cast(cart_updated_at as timestamp) as cart_updated_at,
        cast({{ run_loaded_at() }} as timestamp) as loaded_at

    from priced_lines

)

select * from final
