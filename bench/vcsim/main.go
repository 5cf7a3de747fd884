// vcsim for the vsphere benchmark: govmomi's simulator.VPX() model with the benchmark's counts,
// served over HTTPS on 127.0.0.1 (a free port unless -port), built offline from Debian's
// golang-github-vmware-govmomi-dev (GOPATH=/usr/share/gocode, GO111MODULE=off). It prints its
// URL on stdout once it answers and stops on SIGTERM/SIGINT.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	vms := flag.Int("vms", 100, "VMs in the cluster's resource pool")
	hosts := flag.Int("hosts", 4, "hosts in the cluster")
	port := flag.Int("port", 0, "port to listen on (0: a free one)")
	flag.Parse()

	model := simulator.VPX()
	// every VM in the one cluster (no standalone host, whose pool would get as many again);
	// each VM's NIC is backed by the model's distributed port group
	model.Host = 0
	model.ClusterHost = *hosts
	model.Machine = *vms
	model.Portgroup = 1
	defer model.Remove()
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, "vcsim:", err)
		os.Exit(1)
	}
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: fmt.Sprintf("127.0.0.1:%d", *port)}
	server := model.Service.NewServer()
	defer server.Close()
	fmt.Println(server.URL.String())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
