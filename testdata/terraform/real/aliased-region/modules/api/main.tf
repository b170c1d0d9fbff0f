terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

variable "instance_id" {
  type = string
}

variable "vpc_id" {
  type = string
}

resource "alicloud_api_gateway_vpc_access" "backend" {
  name        = "vpcgate-sh-backend"
  vpc_id      = var.vpc_id
  instance_id = "10.0.1.5"
  port        = 8080
}

resource "alicloud_api_gateway_group" "group" {
  name        = "vpcgate_sh_group"
  description = "group in cn-shanghai"
  instance_id = var.instance_id
}

resource "alicloud_api_gateway_api" "api" {
  group_id    = alicloud_api_gateway_group.group.id
  name        = "vpcgate_sh_hello"
  description = "HTTP-VPC API in cn-shanghai"
  auth_type   = "APP"

  request_config {
    protocol = "HTTP"
    method   = "GET"
    path     = "/hello"
    mode     = "MAPPING"
  }

  service_type = "HTTP-VPC"

  http_vpc_service_config {
    name       = alicloud_api_gateway_vpc_access.backend.name
    path       = "/hello"
    method     = "GET"
    timeout    = 10000
    vpc_scheme = "HTTP"
  }

  stage_names = ["RELEASE"]
}

output "group_id" {
  value = alicloud_api_gateway_group.group.id
}
