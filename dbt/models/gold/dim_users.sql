with

snp_users as (

    select * from {{ ref('snp_users') }}

),

versions as (

    select
        cast(dbt_scd_id as string) as user_sk,
        cast(user_id as int64) as user_id,
        cast(email as string) as email,
        cast(username as string) as username,
        cast(first_name as string) as first_name,
        cast(last_name as string) as last_name,
        cast(phone as string) as phone,
        cast(street as string) as street,
        cast(street_number as int64) as street_number,
        cast(city as string) as city,
        cast(zipcode as string) as zipcode,
        cast(latitude as {{ decimal_type('coordinate') }}) as latitude,
        cast(longitude as {{ decimal_type('coordinate') }}) as longitude,
        cast(is_listed as bool) as is_listed,
        cast(dbt_valid_from as timestamp) as valid_from,
        cast(dbt_valid_to as timestamp) as valid_to,
        cast(dbt_valid_to is null as bool) as is_current

    from snp_users

)

select * from versions
