# Source of backend-service.json, a plan written by hand (HOW.md says how): an
# HTTP API whose backend is a backend service (backend_enabled, backend_id:
# alicloud_api_gateway_backend of type VPC, with a backend model per stage)
# and whose http_service_config names a host. backend_id and backend_enabled
# need provider v1.279.0 or later, and alicloud_api_gateway_backend_model is
# not in v1.265.0, so this configuration was not validated (HOW.md).

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

resource "alicloud_vpc" "vpc" {
  vpc_name   = "main"
  cidr_block = "10.0.0.0/16"
}

resource "alicloud_vswitch" "a" {
  vswitch_name = "a"
  zone_id      = "cn-hangzhou-j"
  cidr_block   = "10.0.1.0/24"
  vpc_id       = alicloud_vpc.vpc.id
}

resource "alicloud_vswitch" "b" {
  vswitch_name = "b"
  zone_id      = "cn-hangzhou-k"
  cidr_block   = "10.0.2.0/24"
  vpc_id       = alicloud_vpc.vpc.id
}

resource "alicloud_security_group" "sg" {
  security_group_name = "sg"
  security_group_type = "normal"
  inner_access_policy = "Accept"
  vpc_id              = alicloud_vpc.vpc.id
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
  user_vpc_id   = alicloud_vpc.vpc.id

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
  vpc_id      = alicloud_vpc.vpc.id
}

resource "alicloud_api_gateway_group" "g" {
  name        = "g"
  description = "orders"
  instance_id = alicloud_api_gateway_instance.gw.id
}

resource "alicloud_api_gateway_backend" "vpc" {
  backend_name = "orders-vpc"
  backend_type = "VPC"
  description  = "orders in the VPC"
}

resource "alicloud_api_gateway_backend_model" "release" {
  backend_id         = alicloud_api_gateway_backend.vpc.id
  backend_type       = "VPC"
  stage_name         = "RELEASE"
  description        = "orders"
  backend_model_data = alicloud_api_gateway_vpc_access.backend.vpc_access_id
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
  name            = "orders"
  service_type    = "HTTP"
  auth_type       = "APP"
  group_id        = alicloud_api_gateway_group.g.id
  backend_enabled = true
  backend_id      = alicloud_api_gateway_backend.vpc.id

  http_service_config {
    address = "http://orders.example.com"
    path    = "/orders"
    method  = "GET"
    timeout = 10000
  }
}
