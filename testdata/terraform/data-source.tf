# Source of data-source.json, a plan written by hand (HOW.md says how): the
# VPC's ID read by a data source (data.alicloud_vpcs.main), known only after
# the read: the instance's VPC is unverified. As the JSON records it, the
# references name data.alicloud_vpcs.main.id (a real configuration would take
# an element of ids); the JSON's configuration block leaves the data source
# out, its change holds name_regex.

terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

provider "alicloud" {
  region = "cn-hangzhou"
}

data "alicloud_vpcs" "main" {
  name_regex = "^main$"
}

resource "alicloud_vpc" "vpc" {
  vpc_name   = "main"
  cidr_block = "10.0.0.0/16"
}

resource "alicloud_vswitch" "a" {
  vswitch_name = "a"
  zone_id      = "cn-hangzhou-j"
  cidr_block   = "10.0.1.0/24"
  vpc_id       = data.alicloud_vpcs.main.id
}

resource "alicloud_vswitch" "b" {
  vswitch_name = "b"
  zone_id      = "cn-hangzhou-k"
  cidr_block   = "10.0.2.0/24"
  vpc_id       = data.alicloud_vpcs.main.id
}

resource "alicloud_security_group" "sg" {
  security_group_name = "sg"
  security_group_type = "normal"
  inner_access_policy = "Accept"
  vpc_id              = data.alicloud_vpcs.main.id
}

resource "alicloud_security_group_rule" "to_vpc" {
  type              = "egress"
  ip_protocol       = "all"
  port_range        = "-1/-1"
  cidr_ip           = "10.0.0.0/16"
  policy            = "accept"
  priority          = 1
  nic_type          = "intranet"
  security_group_id = alicloud_security_group.sg.id
}

resource "alicloud_api_gateway_instance" "gw" {
  instance_name = "gw"
  instance_spec = "api.s1.small"
  https_policy  = "HTTPS2_TLS1_0"
  payment_type  = "PayAsYouGo"
  instance_type = "vpc_connect"
  instance_cidr = "192.168.0.0/16"
  user_vpc_id   = data.alicloud_vpcs.main.id

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.a.zone_id
    vswitch_id     = alicloud_vswitch.a.id
    cidr_block     = alicloud_vswitch.a.cidr_block
    security_group = alicloud_security_group.sg.id
  }

  zone_vswitch_security_group {
    zone_id        = alicloud_vswitch.b.zone_id
    vswitch_id     = alicloud_vswitch.b.id
    cidr_block     = alicloud_vswitch.b.cidr_block
    security_group = alicloud_security_group.sg.id
  }
}

resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "backend"
  instance_id = "10.0.1.10"
  port        = 8080
  vpc_id      = data.alicloud_vpcs.main.id
}

resource "alicloud_api_gateway_group" "g" {
  name        = "g"
  description = "orders"
  instance_id = alicloud_api_gateway_instance.gw.id
}

resource "alicloud_api_gateway_api" "orders" {
  # Required by the provider, left out of the JSON (which keeps what the
  # reader reads):
  description = "orders"
  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/orders"
    mode     = "MAPPING"
  }
  name         = "orders"
  service_type = "HTTP-VPC"
  auth_type    = "APP"
  group_id     = alicloud_api_gateway_group.g.id

  http_vpc_service_config {
    name       = "backend"
    path       = "/orders"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}
