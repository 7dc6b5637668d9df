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
        post_hook=[
            "{{ delete_unmatched(ref('stg_cart_lines'),
                ['cart_id', 'product_id', 'cart_version']) }}",
        ],
    )
}}

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

{% if is_incremental() %}

fact_cart_items as (

    select * from {{ this }}

),

stale_lines as (

    -- lines of silver not held at their cart version: new, modified and
    -- re-created carts (integer keys: cheaper to join than cart_line_id)
    select cart_lines.cart_line_id

    from cart_lines

    left join fact_cart_items
        on
            cart_lines.cart_id = fact_cart_items.cart_id
            and cart_lines.product_id = fact_cart_items.product_id
            and cart_lines.cart_version = fact_cart_items.cart_version

    where fact_cart_items.cart_id is null

    union all

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

    {% if is_incremental() %}
    -- an incremental run recomputes the stale lines only; the post-hook
    -- deletes the lines silver no longer has
    where cart_line_id in (select stale_lines.cart_line_id from stale_lines)
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
        cast(cart_updated_at as timestamp) as cart_updated_at

    from priced_lines

)

select * from final
