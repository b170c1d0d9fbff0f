# Module net of ../../modules.tf (source "./modules/net").

terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

resource "alicloud_vpc" "this" {
  vpc_name   = "main"
  cidr_block = "10.0.0.0/16"
}

resource "alicloud_vswitch" "zone" {
  for_each = {
    j = { zone_id = "cn-hangzhou-j", cidr_block = "10.0.1.0/24" }
    k = { zone_id = "cn-hangzhou-k", cidr_block = "10.0.2.0/24" }
  }
  vswitch_name = each.key
  zone_id      = each.value.zone_id
  cidr_block   = each.value.cidr_block
  vpc_id       = alicloud_vpc.this.id
}

output "vpc_id" {
  value = alicloud_vpc.this.id
}

output "vswitch_j" {
  value = alicloud_vswitch.zone["j"].id
}

output "vswitch_k" {
  value = alicloud_vswitch.zone["k"].id
}
