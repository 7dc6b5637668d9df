{{
    config(
        partition_by=on_bigquery({
            'field': 'cart_date',
            'data_type': 'date',
            'granularity': 'month',
        }),
        cluster_by=on_bigquery(['product_id', 'user_id']),
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

priced_lines as (

    select
        cart_lines.cart_line_id,
        cart_lines.cart_id,
        cart_lines.cart_version,
        cart_lines.product_id,
        current_products.product_sk,
        carts.user_id,
        current_users.user_sk,
        carts.cart_date,
        cart_lines.quantity,
        current_products.price as unit_price,
        carts.updated_at as cart_updated_at

    from cart_lines

    inner join carts
        on cart_lines.cart_id = carts.cart_id

    left join current_products
        on cart_lines.product_id = current_products.product_id

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
