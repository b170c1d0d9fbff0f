# A module that declares its own provider configuration (legacy style).
terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

provider "alicloud" {
  region                 = "cn-beijing"
  skip_region_validation = true
}

resource "alicloud_vpc" "this" {
  vpc_name   = "vpcgate-legacy-bj-vpc"
  cidr_block = "192.168.0.0/16"
}
