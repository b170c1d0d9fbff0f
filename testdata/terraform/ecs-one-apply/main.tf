# The provider's documented pattern for alicloud_api_gateway_vpc_access
# (website/docs/r/api_gateway_vpc_access.html.markdown): the ECS backend and
# its authorization are created in one apply, so the authorization's
# instance_id is the ECS instance's ID, known only after apply, and so are
# its private IP, its VPC and the security group's type and inner access
# policy. The zone, image and instance type are constants here where the
# documentation reads them with data sources.

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
}

resource "alicloud_instance" "web" {
  instance_name              = "web"
  availability_zone          = "cn-hangzhou-j"
  image_id                   = "ubuntu_22_04_x64_20G_alibase_20240926.vhd"
  instance_type              = "ecs.g7.large"
  internet_max_bandwidth_out = 0
  security_groups            = [alicloud_security_group.sg.id]
  vswitch_id                 = alicloud_vswitch.a.id
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
}

resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "backend"
  vpc_id      = alicloud_vpc.vpc.id
  instance_id = alicloud_instance.web.id
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
