module github.com/vpcgate/vpcgate/cidr/internal/peerbench

go 1.24.0

replace github.com/vpcgate/vpcgate => ../../..

require (
	github.com/gaissmai/bart v0.30.0
	github.com/vpcgate/vpcgate v0.0.0
)

require go4.org/netipx v0.0.0-20260823151212-3075585bcbeb // indirect
