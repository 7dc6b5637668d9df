with

snp_products as (

    select * from {{ ref('snp_products') }}

),

versions as (

    select
        cast(dbt_scd_id as string) as product_sk,
        cast(product_id as int64) as product_id,
        cast(product_title as string) as product_title,
        cast(product_description as string) as product_description,
        cast(category as string) as category,
        cast(image_url as string) as image_url,
        cast(price as {{ decimal_type('money') }}) as price,
        cast(rating_rate as {{ decimal_type('rating') }}) as rating_rate,
        cast(rating_count as int64) as rating_count,
        cast(is_listed as bool) as is_listed,
        cast(dbt_valid_from as timestamp) as valid_from,
        cast(dbt_valid_to as timestamp) as valid_to,
        cast(dbt_valid_to is null as bool) as is_current

    from snp_products

)

select * from versions
