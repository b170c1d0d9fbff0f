# Everything exists (it is in the state). The gateway reaches what the
# cloud says (connect_cidr_blocks in the state: ["10.0.1.0/24",
# "10.8.0.0/24"], where 10.8.0.0/24 is an on-premises network connected to
# the VPC, and vSwitch b's block 10.0.2.0/24 is not listed); this change
# asks it to reach 10.0.9.0/24 too (to_connect_vpc_ip_block, sent by
# ModifyInstanceAttribute because the attribute changes). Each authorization
# is used by an API of the group, so that it is checked against the instance
# (an authorization no API uses names no instance in Terraform).

terraform {
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "1.265.0"
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
  vpc_id       = alicloud_vpc.vpc.id
  zone_id      = "cn-hangzhou-j"
  cidr_block   = "10.0.1.0/24"
}

resource "alicloud_vswitch" "b" {
  vswitch_name = "b"
  vpc_id       = alicloud_vpc.vpc.id
  zone_id      = "cn-hangzhou-k"
  cidr_block   = "10.0.2.0/24"
}

resource "alicloud_security_group" "sg" {
  security_group_name = "sg"
  vpc_id              = alicloud_vpc.vpc.id
  security_group_type = "normal"
  inner_access_policy = "Accept"
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
  user_vpc_id   = alicloud_vpc.vpc.id
  instance_cidr = "192.168.0.0/16"

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

  # Added by this change.
  to_connect_vpc_ip_block = {
    cidr_block = "10.0.9.0/24"
    customized = "true"
  }
}

# vSwitch a, listed
resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "backend"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = "10.0.1.10"
  port        = 8080
}

# vSwitch b, not listed
resource "alicloud_api_gateway_vpc_access" "zone_b" {
  name        = "zone_b"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = "10.0.2.20"
  port        = 8080
}

# the connected network, listed
resource "alicloud_api_gateway_vpc_access" "onprem" {
  name        = "onprem"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = "10.8.0.5"
  port        = 8080
}

# the block this change adds
resource "alicloud_api_gateway_vpc_access" "added" {
  name        = "added"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = "10.0.9.5"
  port        = 8080
}

resource "alicloud_api_gateway_group" "g" {
  name        = "g"
  description = "orders"
  instance_id = alicloud_api_gateway_instance.gw.id
}

resource "alicloud_api_gateway_api" "orders" {
  name         = "orders"
  group_id     = alicloud_api_gateway_group.g.id
  description  = "orders"
  auth_type    = "APP"
  service_type = "HTTP-VPC"
  stage_names  = ["RELEASE"]

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/orders"
    mode     = "MAPPING"
  }

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.backend.name
    path       = "/orders"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}

resource "alicloud_api_gateway_api" "zone_b" {
  name         = "zone_b"
  group_id     = alicloud_api_gateway_group.g.id
  description  = "zone_b"
  auth_type    = "APP"
  service_type = "HTTP-VPC"
  stage_names  = ["RELEASE"]

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/zone_b"
    mode     = "MAPPING"
  }

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.zone_b.name
    path       = "/zone_b"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}

resource "alicloud_api_gateway_api" "onprem" {
  name         = "onprem"
  group_id     = alicloud_api_gateway_group.g.id
  description  = "onprem"
  auth_type    = "APP"
  service_type = "HTTP-VPC"
  stage_names  = ["RELEASE"]

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/onprem"
    mode     = "MAPPING"
  }

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.onprem.name
    path       = "/onprem"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}

resource "alicloud_api_gateway_api" "added" {
  name         = "added"
  group_id     = alicloud_api_gateway_group.g.id
  description  = "added"
  auth_type    = "APP"
  service_type = "HTTP-VPC"
  stage_names  = ["RELEASE"]

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/added"
    mode     = "MAPPING"
  }

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.added.name
    path       = "/added"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }
}
