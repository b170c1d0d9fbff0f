# vpcgate fixture "existing-instance-add-block-bool": the vpc_connect instance exists (see terraform.tfstate,
# connect_cidr_blocks = ["10.0.1.0/24","10.0.2.0/24"]); the config now adds an accessible CIDR block
# with to_connect_vpc_ip_block, writing customized as the bool true: the attribute is a map(string), so
# the plan converts it to the string "true", while configuration keeps the constant as written (true).
terraform {
  required_version = ">= 1.7"
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "1.265.0"
    }
  }
}

provider "alicloud" {
  region                 = "cn-hangzhou"
  skip_region_validation = true
}

resource "alicloud_vpc" "vpc" {
  vpc_name   = "vpcgate-vpc"
  cidr_block = "10.0.0.0/8"
}

resource "alicloud_vswitch" "vsw_j" {
  vswitch_name = "vpcgate-vsw-j"
  vpc_id       = alicloud_vpc.vpc.id
  cidr_block   = "10.0.1.0/24"
  zone_id      = "cn-hangzhou-j"
}

resource "alicloud_vswitch" "vsw_k" {
  vswitch_name = "vpcgate-vsw-k"
  vpc_id       = alicloud_vpc.vpc.id
  cidr_block   = "10.0.2.0/24"
  zone_id      = "cn-hangzhou-k"
}

resource "alicloud_security_group" "gateway" {
  security_group_name = "vpcgate-gateway-sg"
  vpc_id              = alicloud_vpc.vpc.id
}

resource "alicloud_security_group_rule" "gateway_to_backend" {
  type              = "egress"
  ip_protocol       = "tcp"
  policy            = "accept"
  port_range        = "8080/8080"
  priority          = 1
  security_group_id = alicloud_security_group.gateway.id
  cidr_ip           = "10.0.1.5/32"
}

resource "alicloud_api_gateway_instance" "vpc_integration" {
  instance_name = "vpcgate_vpc_connect"
  https_policy  = "HTTPS2_TLS1_0"
  instance_spec = "api.s1.small"
  instance_type = "vpc_connect"
  payment_type  = "PayAsYouGo"
  user_vpc_id   = alicloud_vpc.vpc.id
  instance_cidr = "192.168.0.0/16"

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.vsw_j.zone_id
    vswitch_id     = alicloud_vswitch.vsw_j.id
    cidr_block     = alicloud_vswitch.vsw_j.cidr_block
    security_group = alicloud_security_group.gateway.id
  }

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.vsw_k.zone_id
    vswitch_id     = alicloud_vswitch.vsw_k.id
    cidr_block     = alicloud_vswitch.vsw_k.cidr_block
    security_group = alicloud_security_group.gateway.id
  }

  to_connect_vpc_ip_block = {
    cidr_block = "10.0.3.0/24"
    customized = true
  }
}

resource "alicloud_api_gateway_group" "group" {
  name        = "vpcgate_group"
  description = "vpcgate group on the vpc_connect instance"
  instance_id = alicloud_api_gateway_instance.vpc_integration.id
}
