module github.com/vpcgate/vpcgate

go 1.24

require (
	github.com/google/go-cmp v0.7.0
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb
)
