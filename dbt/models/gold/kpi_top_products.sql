with

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

dim_products as (

    select * from {{ ref('dim_products') }}

),

product_sales as (

    select
        product_sk,
        count(distinct cart_id) as count_carts,
        sum(quantity) as units,
        sum(line_amount) as revenue

    from fact_cart_items

    group by 1

),

ranked as (

    select
        dim_products.product_id,
        dim_products.product_title,
        dim_products.category,
        product_sales.count_carts,
        product_sales.units,
        product_sales.revenue,

        row_number() over (
            order by product_sales.revenue desc, dim_products.product_id asc
        ) as revenue_rank

    from product_sales

    inner join dim_products
        on product_sales.product_sk = dim_products.product_sk

),

final as (

    select
        cast(revenue_rank as int64) as revenue_rank,
        cast(product_id as int64) as product_id,
        cast(product_title as string) as product_title,
        cast(category as string) as category,
        cast(count_carts as int64) as count_carts,
        cast(units as int64) as units,
        cast(revenue as {{ decimal_type('money') }}) as revenue

    from ranked

)

select * from final
